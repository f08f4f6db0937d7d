"""The page of guiyan serve in headless Chromium: login -> upload -> run -> download, compared
with the command line's files; screenshots of each page. Prints ok/FAIL lines and the closing
'N passed, N failed'."""
import os, shutil, subprocess, sys, time, zipfile
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

guiyan, scratch, shots = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
root = os.getcwd()
samples = [os.path.join(root, "samples", n) for n in ("leshan_2019.csv", "leshan_2020.csv", "leshan_2021_h1.csv")]
passed = failed = 0

def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1; print("ok   " + name)
    else:
        failed += 1; print("FAIL " + name + (": " + detail if detail else ""))

env = dict(os.environ, GUIYAN_PBKDF2_ITERATIONS="1000")
data = os.path.join(scratch, "data")
subprocess.run([guiyan, "serve", "--data", data, "--add-user", "wang", "--admin", "--password-stdin"],
               input=b"Secret-Pass1\n", env=env, check=True)
server = subprocess.Popen([guiyan, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                          stdout=subprocess.PIPE, env=env)
url = server.stdout.readline().decode().split("listening on ")[1].strip()

# the command line's outputs on copies of the samples under the same names
cli = os.path.join(scratch, "cli")
os.makedirs(cli)
for s in samples:
    shutil.copy(s, cli)
subprocess.run([guiyan, "summary", "-q", "-o", "out", "--ytd"] + [os.path.basename(s) for s in samples],
               cwd=cli, check=True)

downloads = os.path.join(scratch, "downloads")
os.makedirs(downloads)
opts = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-default-apps", "--no-first-run", "--disable-extensions",
          "--window-size=1366,768", "--lang=zh-CN"):
    opts.add_argument(a)
opts.add_experimental_option("prefs", {"download.default_directory": downloads,
                                       "download.prompt_for_download": False})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
wait = WebDriverWait(driver, 60)
try:
    driver.get(url)
    wait.until(lambda d: d.find_element(By.ID, "login").is_displayed())
    driver.save_screenshot(os.path.join(shots, "1-login.png"))
    check("login page is shown", "归雁" in driver.title)
    driver.find_element(By.ID, "login-user").send_keys("wang")
    driver.find_element(By.ID, "login-pw").send_keys("wrong-password")
    driver.find_element(By.CSS_SELECTOR, "#login-form button").click()
    wait.until(lambda d: d.find_element(By.ID, "login-msg").text)
    check("a wrong password is said in Chinese", "密码不对" in driver.find_element(By.ID, "login-msg").text)
    driver.find_element(By.ID, "login-pw").clear()
    driver.find_element(By.ID, "login-pw").send_keys("Secret-Pass1")
    driver.find_element(By.CSS_SELECTOR, "#login-form button").click()
    wait.until(lambda d: d.find_element(By.ID, "new").is_displayed())
    check("logged in: the new-job page", driver.find_element(By.ID, "who").text.startswith("wang"))
    driver.find_element(By.ID, "file-records").send_keys("\n".join(samples))
    items = driver.find_elements(By.CSS_SELECTOR, "#list-records li")
    check("three files listed", len(items) == 3, str(len(items)))
    driver.save_screenshot(os.path.join(shots, "2-new-job.png"))
    driver.find_element(By.ID, "run").click()
    wait.until(lambda d: d.find_element(By.ID, "job").is_displayed())
    driver.save_screenshot(os.path.join(shots, "3-running.png"))
    WebDriverWait(driver, 120).until(lambda d: d.find_element(By.ID, "job-result").is_displayed()
                                     or "失败" in d.find_element(By.ID, "job-title").text)
    title = driver.find_element(By.ID, "job-title").text
    check("the job is done", "完成" in title, title)
    cells = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#accounting td")]
    heads = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#accounting th")]
    acc = dict(zip(heads, cells))
    check("accounting: 读取 21,168, 接受 20,352, 重复 816",
          acc.get("读取") == "21,168" and acc.get("接受") == "20,352" and acc.get("重复") == "816", str(acc))
    cover = driver.find_element(By.ID, "coverage").text
    check("coverage in words, as the command line says it",
          "创业时间覆盖：2019年1月1日至2021年6月30日" in cover
          and "贷款发放日期覆盖：2019年1月23日至2021年6月30日" in cover and "first" not in cover, cover)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#previews img"))
    time.sleep(1)
    imgs = driver.find_elements(By.CSS_SELECTOR, "#previews img")
    loaded = driver.execute_script("return Array.from(document.querySelectorAll('#previews img')).filter(i => i.complete && i.naturalWidth > 0).length")
    check("chart previews shown", len(imgs) >= 4 and loaded >= 2, "%d images, %d loaded" % (len(imgs), loaded))
    driver.save_screenshot(os.path.join(shots, "4-result.png"))
    links = {a.text: a for a in driver.find_elements(By.CSS_SELECTOR, "#downloads a")}
    check("a link for every output and the zip",
          {"summary.csv", "summary.xlsx", "charts.pdf", "rejects.csv", "manifest.json"} <= set(links)
          and "全部下载（zip）" in links, str(sorted(links)))
    links["summary.csv"].click()
    links["全部下载（zip）"].click()
    got = os.path.join(downloads, "summary.csv")
    z = os.path.join(downloads, "outputs.zip")
    for _ in range(100):
        if os.path.exists(got) and os.path.exists(z) and not any(f.endswith(".crdownload") for f in os.listdir(downloads)):
            break
        time.sleep(0.2)
    same = os.path.exists(got) and open(got, "rb").read() == open(os.path.join(cli, "out", "summary.csv"), "rb").read()
    check("downloaded summary.csv is the command line's, byte for byte", same)
    ok = os.path.exists(z)
    if ok:
        with zipfile.ZipFile(z) as zf:
            for n in ("summary.csv", "summary.xlsx", "charts.pdf", "manifest.json"):
                ok = ok and zf.read(n) == open(os.path.join(cli, "out", n), "rb").read()
    check("outputs.zip holds the command line's files", ok)
    driver.find_element(By.ID, "tab-list").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#jobs tr")) >= 2)
    row = driver.find_elements(By.CSS_SELECTOR, "#jobs tr")[1].text
    check("my jobs lists the job with its files and accounting", "leshan_2019.csv" in row and "20,352 / 21,168" in row, row)
    driver.save_screenshot(os.path.join(shots, "5-my-jobs.png"))
    # a list of another kind (issue 18): 文件类别 chosen in the form, the list's own accounting
    driver.find_element(By.ID, "tab-new").click()
    wait.until(lambda d: d.find_element(By.ID, "new").is_displayed())
    while driver.find_elements(By.CSS_SELECTOR, "#list-records li button"):
        driver.find_elements(By.CSS_SELECTOR, "#list-records li button")[0].click()
    Select(driver.find_element(By.ID, "opt-kind")).select_by_visible_text("意愿摸底表")
    driver.find_element(By.ID, "file-records").send_keys(os.path.join(root, "samples", "survey_2021.csv"))
    driver.find_element(By.ID, "run").click()
    WebDriverWait(driver, 120).until(lambda d: "survey_2021.csv" in d.find_element(By.ID, "accounting").text
                                     or "失败" in d.find_element(By.ID, "job-title").text)
    rows = driver.execute_script("return Array.from(document.querySelectorAll('#accounting tr')).map(t => t.innerText)")
    check("a survey run with 文件类别 意愿摸底表: its own row, 1,480 read, 1,476 accepted",
          any(r.startswith("survey_2021.csv（意愿摸底表）") and "1,480" in r and "1,476" in r for r in rows), str(rows))
    # 401s of the login tried above are expected; a script or CSP error is not
    # an administrator adds an account with a temporary password
    driver.find_element(By.ID, "tab-users").click()
    wait.until(lambda d: d.find_element(By.ID, "users").is_displayed())
    driver.find_element(By.ID, "new-user").send_keys("li")
    driver.find_element(By.ID, "new-pw").send_keys("Linshi-Mima-2024")
    driver.find_element(By.CSS_SELECTOR, "#user-form button").click()
    # the table is drawn again after the add: read it in one go, not element by element
    cells = "return Array.from(document.querySelectorAll('#user-table td')).map(t => t.textContent)"
    wait.until(lambda d: "li" in d.execute_script(cells))
    rows = driver.execute_script("return Array.from(document.querySelectorAll('#user-table tr')).map(t => t.innerText)")
    check("the new account is listed with its temporary password", any(r.startswith("li") and "临时" in r for r in rows), str(rows))
    driver.save_screenshot(os.path.join(shots, "6-users.png"))
    logs = [l for l in driver.get_log("browser") if l["level"] == "SEVERE" and l.get("source") != "network"]
    check("no errors in the browser console (CSP, script)", not logs, str(logs))
finally:
    driver.quit()
    server.terminate()
    server.wait()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
