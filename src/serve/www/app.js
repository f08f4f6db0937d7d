/* app.js — the page of guiyan serve over its JSON API. No inline script (CSP); text is set
 * with textContent, never as HTML. */
'use strict';

const $ = (id) => document.getElementById(id);
let csrf = null;
let me = null;
let current = null;          /* the job shown */
let timer = null;

/* --kind: what the files are (kinds.ini); empty: each file's header tells */
const KIND_OPT = ['kind', 'select', '文件类别', '', [['', '按表头自动识别'], ['startup', '创业台账'],
  ['training', '培训台账'], ['survey', '意愿摸底表'], ['projects', '项目库'], ['mentors', '导师名册'],
  ['services', '服务记录'], ['stars', '明星名单']]];
const KINDS = {
  summary: {
    name: '统计报表',
    hint: '按县区、按月统计创业人数、主体、担保贷款和带动就业，生成统计表、汇总工作簿和图表。',
    roles: [['records', '导出数据（可多个）', true]],
    opts: [
      ['to', 'date', '截止日期', ''],
      ['by', 'select', '汇总粒度', 'county,month', [['county,month', '按月'], ['county,quarter', '按季度'], ['county,year', '按年']]],
      ['ytd', 'bool', '含年度累计', true],
      ['no-charts', 'bool', '不生成图表', false],
      KIND_OPT,
    ],
  },
  track: {
    name: '目标跟踪',
    hint: '对照年度目标，算完成率、序时进度和排名。需要目标任务表。',
    roles: [['records', '导出数据（可多个）', true], ['targets', '目标任务表（一个）', false]],
    opts: [
      ['as-of', 'date', '统计截至', lastMonthEnd()],
      ['progress', 'select', '序时进度', 'month', [['month', '按月'], ['day', '按日']]],
      ['no-charts', 'bool', '不生成图表', false],
      KIND_OPT,
    ],
  },
  reply: {
    name: '提案答复',
    hint: '用答复模板填入数字，生成答复草稿（txt、docx、pdf）。需要模板文件。',
    roles: [['records', '导出数据（可多个）', true], ['template', '答复模板（一个）', false]],
    opts: [
      ['year', 'text', '年度', String(new Date().getFullYear() - 1)],
      ['as-of', 'date', '数据截至', ''],
      ['explain', 'bool', '附数字来源说明', true],
      KIND_OPT,
    ],
  },
  stars: {
    name: '明星汇总',
    hint: '汇总返乡创业明星和明星企业的推荐名单，可用导出数据核对。',
    roles: [['roster', '推荐名单（可多个）', true], ['records', '导出数据（可选，用于核对）', true]],
    opts: [
      ['date', 'date', '制表日期', today()],
      ['order', 'select', '排序', 'stroke', [['stroke', '姓氏笔画'], ['pinyin', '拼音']]],
    ],
  },
};
const COMMON_OPTS = [['strict', 'bool', '有问题数据时视为未通过', false]];
const ACCOUNTING = { read: '读取', accepted: '接受', duplicate: '重复', superseded: '被替代',
                     rejected: '拒收', skipped: '跳过' };
const STATES = { created: '待上传', queued: '排队中', running: '运行中', done: '完成',
                 failed: '失败', cancelled: '已取消' };
const KIND_NAMES = { summary: '统计报表', track: '目标跟踪', reply: '提案答复', stars: '明星汇总' };

let files = {};              /* role → [File] */

function today() { return new Date().toISOString().slice(0, 10); }
function lastMonthEnd() {
  const d = new Date();
  d.setDate(0);
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
}

async function api(method, path, body, raw) {
  const headers = {};
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let data;
  if (raw !== undefined) {
    data = raw;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    data = JSON.stringify(body);
  }
  const r = await fetch(path, { method, headers, body: data, credentials: 'same-origin' });
  let j = {};
  try { j = await r.json(); } catch (e) { j = {}; }
  if (r.status === 401 && path !== '/api/login') { show('login'); }
  if (!r.ok) { const err = new Error(j.error || ('HTTP ' + r.status)); err.status = r.status; throw err; }
  return j;
}

function show(which) {
  for (const id of ['login', 'passwd', 'new', 'job', 'list', 'users']) $(id).hidden = id !== which;
  $('tab-users').hidden = !(me && me.admin);
  $('tab-users').classList.toggle('on', which === 'users');
  $('nav').hidden = which === 'login' || which === 'passwd';
  $('tab-new').classList.toggle('on', which === 'new');
  $('tab-list').classList.toggle('on', which === 'list');
  if (which !== 'job' && timer) { clearTimeout(timer); timer = null; }
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function fmtTime(s) {
  if (!s) return '';
  const d = new Date(s * 1000);
  return d.toLocaleString('zh-CN', { hour12: false });
}

function fmtLeft(s) {
  if (s === undefined || s < 0) return '';
  if (s < 60) return '约 ' + s + ' 秒';
  return '约 ' + Math.floor(s / 60) + ' 分 ' + (s % 60) + ' 秒';
}

/* ---- login ---- */

async function afterLogin(j) {
  csrf = j.csrf;
  me = j;
  $('who').textContent = j.user + (j.admin ? '（管理员）' : '');
  if (j.must_change) { show('passwd'); return; }
  newJob();
}

$('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-msg').textContent = '';
  try {
    const j = await api('POST', '/api/login', { user: $('login-user').value, password: $('login-pw').value });
    $('login-pw').value = '';
    await afterLogin(j);
  } catch (e) {
    $('login-msg').textContent = e.status === 429 ? '登录失败次数过多，请 15 分钟后再试。'
      : e.status === 401 ? '用户名或密码不对。' : e.message;
  }
});

$('passwd-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('passwd-msg').textContent = '';
  if ($('pw-new').value !== $('pw-new2').value) { $('passwd-msg').textContent = '两次输入的新密码不一样。'; return; }
  try {
    await api('POST', '/api/password', { old: $('pw-old').value, new: $('pw-new').value });
    for (const id of ['pw-old', 'pw-new', 'pw-new2']) $(id).value = '';
    me.must_change = false;
    newJob();
  } catch (e) { $('passwd-msg').textContent = e.message; }
});

$('logout').addEventListener('click', async () => {
  try { await api('POST', '/api/logout', {}); } catch (e) { /* gone already */ }
  csrf = null;
  show('login');
});

$('tab-new').addEventListener('click', newJob);
$('tab-list').addEventListener('click', listJobs);
$('back').addEventListener('click', listJobs);

/* ---- a new job ---- */

function kind() { return document.querySelector('input[name=kind]:checked').value; }

function newJob() {
  show('new');
  files = {};
  renderKind();
}

function renderKind() {
  const k = KINDS[kind()];
  $('kind-hint').textContent = k.hint;
  const drops = $('drops');
  drops.replaceChildren();
  for (const [role, label, many] of k.roles) {
    files[role] = files[role] || [];
    const box = el('div', null, 'drop');
    box.dataset.role = role;
    box.appendChild(el('b', label));
    box.appendChild(el('span', '把文件拖到这里，或 ', 'hint'));
    const pick = el('input');
    pick.type = 'file';
    pick.multiple = many;
    pick.accept = '.csv,.txt,.xlsx,.xls,.docx,.tsv';
    pick.id = 'file-' + role;
    pick.addEventListener('change', () => { addFiles(role, pick.files, many); pick.value = ''; });
    box.appendChild(pick);
    const ul = el('ul');
    ul.id = 'list-' + role;
    box.appendChild(ul);
    box.addEventListener('dragover', (ev) => { ev.preventDefault(); box.classList.add('over'); });
    box.addEventListener('dragleave', () => box.classList.remove('over'));
    box.addEventListener('drop', (ev) => {
      ev.preventDefault();
      box.classList.remove('over');
      addFiles(role, ev.dataTransfer.files, many);
    });
    drops.appendChild(box);
    renderFiles(role);
  }
  const opts = $('opts');
  opts.replaceChildren();
  for (const [name, type, label, dflt, choices] of k.opts.concat(COMMON_OPTS)) {
    const l = el('label');
    let input;
    if (type === 'select') {
      input = el('select');
      for (const [v, t] of choices) {
        const o = el('option', t);
        o.value = v;
        input.appendChild(o);
      }
      input.value = dflt;
    } else {
      input = el('input');
      input.type = type === 'bool' ? 'checkbox' : type;
      if (type === 'bool') input.checked = dflt; else input.value = dflt;
    }
    input.id = 'opt-' + name;
    input.dataset.opt = name;
    input.dataset.kind = type;
    if (type === 'bool') { l.appendChild(input); l.appendChild(document.createTextNode(' ' + label)); }
    else { l.appendChild(document.createTextNode(label + ' ')); l.appendChild(input); }
    opts.appendChild(l);
  }
  $('run-msg').textContent = '';
}

function addFiles(role, list, many) {
  const arr = Array.from(list);
  files[role] = many ? files[role].concat(arr) : arr.slice(0, 1);
  renderFiles(role);
}

function renderFiles(role) {
  const ul = $('list-' + role);
  ul.replaceChildren();
  files[role].forEach((f, i) => {
    const li = el('li', f.name + '（' + (f.size / 1048576).toFixed(1) + ' MB）');
    const rm = el('button', '移除');
    rm.type = 'button';
    rm.addEventListener('click', () => { files[role].splice(i, 1); renderFiles(role); });
    li.appendChild(rm);
    ul.appendChild(li);
  });
}

for (const r of document.querySelectorAll('input[name=kind]')) r.addEventListener('change', () => { files = {}; renderKind(); });

function options() {
  const o = {};
  for (const input of document.querySelectorAll('#opts [data-opt]')) {
    const name = input.dataset.opt;
    if (input.dataset.kind === 'bool') { if (input.checked) o[name] = true; }
    else if (input.value !== '') o[name] = input.value;
  }
  return o;
}

$('run').addEventListener('click', async () => {
  const k = kind();
  const msg = $('run-msg');
  msg.textContent = '';
  for (const [role, label] of KINDS[k].roles) {
    if (!files[role].length && !label.includes('可选')) { msg.textContent = '请添加：' + label; return; }
  }
  $('run').disabled = true;
  let id = null;
  try {
    id = (await api('POST', '/api/jobs', { command: k, options: options() })).id;
    const all = [];
    for (const role of Object.keys(files)) for (const f of files[role]) all.push([role, f]);
    let n = 0;
    for (const [role, f] of all) {
      msg.textContent = '正在上传 ' + (++n) + '/' + all.length + '：' + f.name;
      msg.className = 'hint';
      await api('PUT', '/api/jobs/' + id + '/inputs/' + encodeURIComponent(f.name) + '?role=' + role, undefined, f);
    }
    await api('POST', '/api/jobs/' + id + '/run', {});
    msg.textContent = '';
    openJob(id);
  } catch (e) {
    msg.className = 'error';
    msg.textContent = e.message;
    if (id) { try { await api('DELETE', '/api/jobs/' + id); } catch (e2) { /* nothing to undo */ } }
  } finally {
    $('run').disabled = false;
  }
});

/* ---- one job ---- */

async function openJob(id) {
  current = id;
  show('job');
  $('job-result').hidden = true;
  $('job-error').textContent = '';
  await refresh();
}

async function refresh() {
  if (!current) return;
  let j;
  try { j = await api('GET', '/api/jobs/' + current); } catch (e) { $('job-error').textContent = e.message; return; }
  renderJob(j);
  if (j.state === 'queued' || j.state === 'running') timer = setTimeout(refresh, 1000);
}

function renderJob(j) {
  $('job-title').textContent = KIND_NAMES[j.command] + ' · ' + (STATES[j.state] || j.state);
  $('job-title').className = 'state-' + j.state;
  $('job-meta').textContent = '创建于 ' + fmtTime(j.created) + '；文件：' + j.inputs.map((i) => i.name).join('、');
  const active = j.state === 'queued' || j.state === 'running';
  $('job-progress').hidden = !active;
  if (active) {
    const p = j.progress;
    const pct = p.total ? Math.min(100, Math.round(100 * p.bytes / p.total)) : 0;
    $('bar-fill').style.width = pct + '%';
    $('progress-text').textContent = j.state === 'queued' ? '排队等候中……'
      : '已读 ' + pct + '%，' + p.rows.toLocaleString('zh-CN') + ' 行' + (p.eta_s >= 0 ? '，剩余' + fmtLeft(p.eta_s) : '');
  }
  $('job-error').textContent = j.state === 'failed' || j.state === 'cancelled' ? (j.reason || '') : '';
  $('messages').textContent = (j.messages || []).join('\n');
  $('keep').textContent = j.keep_inputs ? '不再保留原始文件' : '保留原始文件';
  $('keep').hidden = j.inputs_deleted;
  $('job-result').hidden = j.state !== 'done';
  if (j.state !== 'done') return;
  const acc = $('accounting');
  acc.replaceChildren();
  const head = el('tr');
  const row = el('tr');
  const lists = j.lists || [];
  /* the other lists (training, survey …) each on a row of its own, named with its kind */
  if (lists.length) { head.appendChild(el('th', '文件')); row.appendChild(el('td', '创业台账')); }
  for (const [k, v] of Object.entries(j.accounting)) {
    head.appendChild(el('th', ACCOUNTING[k] || k));
    row.appendChild(el('td', Number(v).toLocaleString('zh-CN'), 'num'));
  }
  acc.append(head, row);
  for (const l of lists) {
    const r = el('tr');
    r.appendChild(el('td', l.name + '（' + l.kind + '）'));
    for (const k of Object.keys(j.accounting)) {
      const v = l.accounting[k];
      r.appendChild(el('td', v === undefined ? '' : Number(v).toLocaleString('zh-CN'), 'num'));
    }
    acc.appendChild(r);
  }
  $('coverage-box').hidden = !j.coverage;
  if (j.coverage) {
    const c = $('coverage');
    c.replaceChildren(renderCoverage(j.coverage));
  }
  const dl = $('downloads');
  dl.replaceChildren();
  for (const name of j.outputs) {
    const a = el('a', name);
    a.href = '/api/jobs/' + j.id + '/outputs/' + encodeURIComponent(name);
    a.setAttribute('download', name);
    const li = el('li');
    li.appendChild(a);
    dl.appendChild(li);
  }
  const z = el('a', '全部下载（zip）');
  z.href = '/api/jobs/' + j.id + '/outputs.zip';
  z.setAttribute('download', 'outputs.zip');
  z.id = 'zip';
  const zl = el('li');
  zl.appendChild(z);
  dl.appendChild(zl);
  const rj = j.rejects || [];
  $('rejects-box').hidden = rj.length < 2;
  const t = $('rejects');
  t.replaceChildren();
  rj.forEach((cells, i) => {
    const tr = el('tr');
    for (const c of cells) tr.appendChild(el(i ? 'td' : 'th', c));
    t.appendChild(tr);
  });
  const pv = $('previews');
  pv.replaceChildren();
  $('previews-box').hidden = !(j.previews && j.previews.length);
  for (const p of j.previews || []) {
    const img = el('img');
    img.src = '/api/jobs/' + j.id + '/previews/' + p;
    img.alt = '图表 ' + p;
    img.loading = 'lazy';
    pv.appendChild(img);
  }
}

/* "2021-06-30" → "2021年6月30日", "2021-02" → "2021年2月" */
function zhDate(d) {
  const p = String(d).split('-').map(Number);
  return p[0] + '年' + p[1] + '月' + (p.length > 2 ? p[2] + '日' : '');
}

/* The manifest's coverage as the command line says it: one line per kind of date, its span
 * and the months inside it without records; any other shape as a small table. */
function renderCoverage(cv) {
  const names = { start: '创业时间', loan: '贷款发放日期' };
  const kinds = Object.keys(cv);
  if (!kinds.every(k => names[k] && cv[k] && cv[k].first !== undefined)) return renderValue(cv);
  const box = el('div');
  for (const k of kinds) {
    const c = cv[k];
    let text = names[k] + '覆盖：' + (c.first ? zhDate(c.first) + '至' + zhDate(c.last) : '无记录');
    if (c.gaps && c.gaps.length) text += '；其间' + c.gaps.map(zhDate).join('、') + '无记录';
    box.appendChild(el('p', text));
  }
  return box;
}

/* a value of a shape the page does not know: a small table of it */
function renderValue(v) {
  if (v === null || typeof v !== 'object') return el('span', String(v));
  const t = el('table', null, 'grid');
  const entries = Array.isArray(v) ? v.map((x, i) => [i + 1, x]) : Object.entries(v);
  for (const [k, x] of entries) {
    const tr = el('tr');
    tr.appendChild(el('th', String(k)));
    const td = el('td');
    td.appendChild(renderValue(x));
    tr.appendChild(td);
    t.appendChild(tr);
  }
  return t;
}

$('cancel').addEventListener('click', async () => {
  try { await api('POST', '/api/jobs/' + current + '/cancel', {}); } catch (e) { $('job-error').textContent = e.message; }
});

$('delete').addEventListener('click', async () => {
  if (!confirm('删除这个任务及其全部文件？')) return;
  try { await api('DELETE', '/api/jobs/' + current); current = null; listJobs(); } catch (e) { $('job-error').textContent = e.message; }
});

$('keep').addEventListener('click', async () => {
  const keep = $('keep').textContent === '保留原始文件';
  try { await api('POST', '/api/jobs/' + current + '/keep', { keep }); await refresh(); } catch (e) { $('job-error').textContent = e.message; }
});

/* ---- my jobs ---- */

async function listJobs() {
  show('list');
  const t = $('jobs');
  t.replaceChildren();
  let j;
  try { j = await api('GET', '/api/jobs'); } catch (e) { t.appendChild(el('caption', e.message)); return; }
  const head = el('tr');
  for (const h of ['时间', '任务', '文件', '设置', '状态', '行数（接受/读取）', '']) head.appendChild(el('th', h));
  t.appendChild(head);
  if (!j.jobs.length) { const tr = el('tr'); const td = el('td', '还没有任务。'); td.colSpan = 7; tr.appendChild(td); t.appendChild(tr); }
  for (const job of j.jobs) {
    const tr = el('tr');
    tr.appendChild(el('td', fmtTime(job.created)));
    tr.appendChild(el('td', KIND_NAMES[job.command] + (me && me.admin && job.owner !== me.user ? '（' + job.owner + '）' : '')));
    tr.appendChild(el('td', job.inputs.map((i) => i.name).join('、')));
    tr.appendChild(el('td', Object.entries(job.options).map(([k, v]) => v === true ? k : k + '=' + v).join(' ')));
    tr.appendChild(el('td', STATES[job.state] || job.state, 'state-' + job.state));
    const a = job.accounting || {};
    tr.appendChild(el('td', a.read !== undefined ? Number(a.accepted).toLocaleString('zh-CN') + ' / ' + Number(a.read).toLocaleString('zh-CN') : '', 'num'));
    const td = el('td');
    const open = el('button', '打开');
    open.type = 'button';
    open.addEventListener('click', () => openJob(job.id));
    const del = el('button', '删除', 'danger');
    del.type = 'button';
    del.addEventListener('click', async () => {
      if (!confirm('删除这个任务及其全部文件？')) return;
      try { await api('DELETE', '/api/jobs/' + job.id); } catch (e) { /* shown by the list */ }
      listJobs();
    });
    td.append(open, ' ', del);
    tr.appendChild(td);
    t.appendChild(tr);
  }
}

/* ---- accounts (administrators) ---- */

async function listUsers() {
  show('users');
  const t = $('user-table');
  t.replaceChildren();
  let j;
  try { j = await api('GET', '/api/users'); } catch (e) { $('user-msg').textContent = e.message; return; }
  const head = el('tr');
  for (const h of ['用户名', '管理员', '密码', '密码设定时间', '']) head.appendChild(el('th', h));
  t.appendChild(head);
  for (const u of j.users) {
    const tr = el('tr');
    tr.appendChild(el('td', u.name));
    tr.appendChild(el('td', u.admin ? '是' : ''));
    tr.appendChild(el('td', u.temporary ? '临时（待本人修改）' : '已设定'));
    tr.appendChild(el('td', fmtTime(u.changed)));
    const td = el('td');
    if (u.name !== me.user) {
      const del = el('button', '删除', 'danger');
      del.type = 'button';
      del.addEventListener('click', async () => {
        if (!confirm('删除账户 ' + u.name + '？')) return;
        try { await api('DELETE', '/api/users/' + encodeURIComponent(u.name)); } catch (e) { $('user-msg').textContent = e.message; }
        listUsers();
      });
      td.appendChild(del);
    }
    tr.appendChild(td);
    t.appendChild(tr);
  }
}

$('tab-users').addEventListener('click', () => { $('user-msg').textContent = ''; listUsers(); });
$('user-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('user-msg').textContent = '';
  try {
    await api('POST', '/api/users', { name: $('new-user').value, password: $('new-pw').value, admin: $('new-admin').checked });
    $('new-user').value = '';
    $('new-pw').value = '';
    $('new-admin').checked = false;
    listUsers();
  } catch (e) { $('user-msg').textContent = e.message; }
});

/* ---- start: a session still alive after a reload goes on ---- */
(async () => {
  try { await afterLogin(await api('GET', '/api/me')); } catch (e) { show('login'); }
})();
