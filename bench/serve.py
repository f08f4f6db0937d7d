"""make bench-serve (and the end of make bench): a bounded load test of guiyan serve on loopback.
POLLERS clients poll job status while UPLOADERS clients each upload a 1M-row export, run
`summary` on it, wait for it and delete it, for SECONDS seconds; then requests per second, p50
and p99 latency of the status call, jobs completed, failed requests, and the server's peak
memory and its memory at rest before and after (the jobs deleted). Only 127.0.0.1 is touched;
every loop ends at the deadline.

usage: serve.py GUIYAN DATA.csv [SECONDS [POLLERS [UPLOADERS]]]"""
import http.client, json, os, random, shutil, subprocess, sys, tempfile, threading, time

guiyan, data = sys.argv[1], sys.argv[2]
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 60
pollers = int(sys.argv[4]) if len(sys.argv) > 4 else 20
uploaders = int(sys.argv[5]) if len(sys.argv) > 5 else 4
scratch = tempfile.mkdtemp(prefix="guiyan-bench-serve-")
env = dict(os.environ, GUIYAN_PBKDF2_ITERATIONS="1000")
PW = "Bench-Pass-2024"
subprocess.run([guiyan, "serve", "--data", scratch + "/data", "--add-user", "bench", "--password-stdin"],
               input=(PW + "\n").encode(), env=env, check=True)
server = subprocess.Popen([guiyan, "serve", "--data", scratch + "/data", "--listen", "127.0.0.1:0",
                           "--max-upload", "1G", "--max-job", "1G", "--max-connections", "64",
                           "--max-queue", "50"], stdout=subprocess.PIPE, env=env)
port = int(server.stdout.readline().decode().rstrip("/\n").rsplit(":", 1)[1])

def rss(kind):
    with open("/proc/%d/status" % server.pid) as f:
        for line in f:
            if line.startswith(kind):
                return int(line.split()[1]) // 1024
    return 0

class Client:
    def __init__(self):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        st, body, hdrs = self.req("POST", "/api/login", json.dumps({"user": "bench", "password": PW}))
        assert st == 200, body
        self.cookie = [v for k, v in hdrs if k.lower() == "set-cookie"][0].split(";")[0]
        self.csrf = json.loads(body)["csrf"]

    def req(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if hasattr(self, "cookie"):
            h["Cookie"] = self.cookie
            h["X-CSRF-Token"] = self.csrf
        try:
            self.c.request(method, path, body=body, headers=h)
            r = self.c.getresponse()
            return r.status, r.read(), r.getheaders()
        except (OSError, http.client.HTTPException) as e:
            # a broken connection is a failed request, not a thread that silently ends
            self.c.close()
            return 0, ("%s %s: %r" % (method, path, e)).encode(), []

lock = threading.Lock()
stats = {"requests": 0, "failed": 0, "jobs": 0, "job_failed": 0}
latencies = []
live = []                     # job ids to poll
deadline = 0.0
errors = []

def count(ok):
    with lock:
        stats["requests"] += 1
        if not ok:
            stats["failed"] += 1

def poller(seed):
    rnd = random.Random(seed)
    c = Client()
    while time.time() < deadline:
        with lock:
            ids = list(live)
        path = "/api/jobs/" + rnd.choice(ids) if ids else "/api/jobs"
        t0 = time.perf_counter()
        st, body, _ = c.req("GET", path)
        dt = time.perf_counter() - t0
        ok = st == 200 or (st == 404 and ids)        # a job deleted between choice and call
        count(ok)
        if not ok:
            errors.append("GET %s: %d %s" % (path, st, body[:200]))
        with lock:
            latencies.append(dt)
        time.sleep(0.02)

def uploader(n):
    c = Client()
    size = os.path.getsize(data)
    while time.time() < deadline:
        st, body, _ = c.req("POST", "/api/jobs", json.dumps({"command": "summary", "options": {"by": "county,month"}}))
        count(st == 201)
        if st != 201:
            errors.append("create: %d %s" % (st, body[:200])); time.sleep(1); continue
        jid = json.loads(body)["id"]
        with open(data, "rb") as f:
            st, body, _ = c.req("PUT", "/api/jobs/%s/inputs/bench.csv?role=records" % jid, f,
                                {"Content-Length": str(size)})
        count(st == 201)
        st, body, _ = c.req("POST", "/api/jobs/%s/run" % jid, "{}")
        count(st == 202)
        with lock:
            live.append(jid)
        state = "queued"
        while state in ("queued", "running"):
            if time.time() > deadline + 120:
                break
            time.sleep(0.5)
            st, body, _ = c.req("GET", "/api/jobs/" + jid)
            count(st == 200)
            state = json.loads(body)["state"] if st == 200 else "?"
        with lock:
            live.remove(jid)
            if state == "done":
                stats["jobs"] += 1
            else:
                stats["job_failed"] += 1
                errors.append("job %s ended %s" % (jid, state))
        st, body, _ = c.req("DELETE", "/api/jobs/" + jid)
        count(st == 200)

time.sleep(0.5)
idle_before = rss("VmRSS")
deadline = time.time() + seconds
t0 = time.time()
threads = [threading.Thread(target=poller, args=(i,)) for i in range(pollers)]
threads += [threading.Thread(target=uploader, args=(i,)) for i in range(uploaders)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.time() - t0
time.sleep(1)
idle_after = rss("VmRSS")
peak = rss("VmHWM")
server.terminate()
server.wait()
shutil.rmtree(scratch, ignore_errors=True)
lat = sorted(latencies)
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else 0
print("guiyan serve, %d status pollers + %d uploaders of %.0f MB summary jobs, %.0f s on %d cores:"
      % (pollers, uploaders, os.path.getsize(data) / 1e6, elapsed, os.cpu_count()))
print("  requests            %8d  (%.0f/s), %d failed" % (stats["requests"], stats["requests"] / elapsed, stats["failed"]))
print("  status latency      p50 %.1f ms, p99 %.1f ms (%d calls)" % (p(0.50), p(0.99), len(lat)))
print("  jobs completed      %8d  (%d not done)" % (stats["jobs"], stats["job_failed"]))
print("  server memory       peak %d MiB; at rest %d MiB before, %d MiB after the jobs were deleted"
      % (peak, idle_before, idle_after))
for e in errors[:5]:
    print("  error: " + e)
sys.exit(1 if stats["failed"] or stats["job_failed"] else 0)
