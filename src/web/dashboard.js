const $ = (id) => document.getElementById(id);
const fmt = (n) => (n === null || n === undefined) ? '–' : Math.round(n).toLocaleString('id-ID');
const short = (d) => d ? new Date(d + 'T00:00:00').toLocaleDateString('id-ID', { day: 'numeric', month: 'short' }) : '–';
const day = (d) => d ? new Date(d + 'T00:00:00').toLocaleDateString('id-ID', { day: 'numeric', month: 'long', year: 'numeric' }) : '–';
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
$('token').value = localStorage.getItem('blanko-token') || '';
$('region').value = localStorage.getItem('blanko-region') || '';

async function api(path, opts = {}) {
  const headers = Object.assign({ Authorization: 'Bearer ' + $('token').value.trim() }, opts.headers || {});
  const res = await fetch(path, Object.assign({}, opts, { headers }));
  return res;
}
function query() {
  const p = new URLSearchParams();
  if ($('region').value.trim()) p.set('region', $('region').value.trim());
  if ($('asof').value) p.set('as_of', $('asof').value);
  return p.toString();
}
function riskBadge(r) { return r ? `<span class="risk ${r}">${r}</span>` : '–'; }
function line(x) {
  const f = x.forecast, r = x.rollup;
  if (f) return { stock: f.on_hand, transit: f.in_transit, rate: f.issuance_rate, cover: f.days_of_cover,
    date: f.stockout_date, range: f.stockout_p10 ? `${short(f.stockout_p10)} – ${short(f.stockout_p90)}` : '–', risk: f.risk, need: f.reorder_quantity,
    binding: f.binding_item };
  if (r) return { stock: r.on_hand + r.reserve, transit: r.in_transit, rate: r.issuance_rate, cover: r.days_of_cover,
    date: r.pooled_stockout_date, range: '–', risk: r.risk, need: r.shortfall_quantity, binding: `${r.members} kantor` };
  return null;
}
async function show() {
  localStorage.setItem('blanko-token', $('token').value.trim());
  localStorage.setItem('blanko-region', $('region').value.trim());
  $('msg').textContent = '';
  const res = await api('/api/v1/forecast?' + query());
  const body = await res.json();
  if (!res.ok) { $('msg').textContent = body.error ? body.error.message : res.statusText; return; }
  const me = line(body.region) || {};
  $('title').textContent = `${body.region.name} — per ${day(body.as_of)}`;
  $('cards').innerHTML = [
    ['Stok', fmt(me.stock)], ['Dalam perjalanan', fmt(me.transit)], ['Cukup untuk', me.cover == null ? '–' : `${me.cover.toFixed(1)} hari kerja`],
    ['Perkiraan habis', day(me.date)], ['Risiko', riskBadge(me.risk)], ['Perlu dikirim', fmt(me.need)],
  ].map(([k, v]) => `<div class="card"><span>${k}</span><b>${v}</b></div>`).join('');
  $('advice').textContent = me.need > 0 ? `Ajukan ${fmt(me.need)} keping agar stok cukup sesuai target.` : '';
  const kids = body.children.map((c) => ({ c, l: line(c) })).filter((x) => x.l)
    .sort((a, b) => (a.l.date || '9999').localeCompare(b.l.date || '9999'));
  $('rows').innerHTML = kids.map(({ c, l }) => `<tr><td class="t">${esc(c.region)}</td><td class="t">${esc(c.name)}</td>
    <td>${fmt(l.stock)}</td><td>${fmt(l.transit)}</td><td>${fmt(l.rate)}</td><td>${l.cover == null ? '–' : l.cover.toFixed(1)}</td>
    <td>${day(l.date)}</td><td>${l.range}</td><td>${riskBadge(l.risk)}</td><td>${fmt(l.need)}</td><td class="t">${esc(l.binding)}</td></tr>`).join('');
  $('overview').hidden = false;
}
async function download(path, name) {
  const res = await api(path);
  if (!res.ok) { const b = await res.json().catch(() => ({})); $('msg').textContent = b.error ? b.error.message : res.statusText; return; }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a'); a.href = url; a.download = name; a.click(); URL.revokeObjectURL(url);
}
document.querySelectorAll('[data-report]').forEach((a) => a.addEventListener('click', (e) => {
  e.preventDefault(); download('/api/v1/reports/' + a.dataset.report + '?' + query(), a.dataset.report);
}));
$('template').addEventListener('click', (e) => { e.preventDefault(); download(`/api/v1/templates/${$('kind').value}.csv`, `templat_${$('kind').value}.csv`); });
$('upload').addEventListener('click', async () => {
  const file = $('file').files[0];
  if (!file) { $('upmsg').textContent = 'Pilih berkas CSV dulu.'; return; }
  const form = new FormData(); form.append('file', file);
  const res = await api(`/api/v1/uploads/${$('kind').value}?dry_run=${$('dry').checked}`, { method: 'POST', body: form });
  const body = await res.json();
  if (res.ok) {
    $('upmsg').innerHTML = `${body.dry_run ? 'Uji coba berhasil (belum disimpan)' : 'Tersimpan'}: ${fmt(body.rows)} baris — ${fmt(body.inserted)} baru, ${fmt(body.updated)} diperbarui, ${fmt(body.unchanged)} sudah ada.`;
    return;
  }
  const errors = (body.error.details && body.error.details.errors) || [];
  $('upmsg').innerHTML = `<p class="error">${esc(body.error.message)}</p>` + (errors.length ? `<table><tr><th>Baris</th><th class="t">Kolom</th><th class="t">Nilai</th><th class="t">Kode</th><th class="t">Pesan</th></tr>` +
    errors.map((x) => `<tr><td>${x.line}</td><td class="t">${esc(x.column)}</td><td class="t">${esc(x.value)}</td><td class="t">${x.code}</td><td class="t">${esc(x.message)}</td></tr>`).join('') + '</table>' : '');
});
$('show').addEventListener('click', show);
