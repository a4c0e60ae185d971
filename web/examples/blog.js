// The example post's own script (a file, not inline: the site's Content-Security-Policy allows
// no inline scripts): each embed may ask for its height, and the snippet to copy.
// Each embed says how tall it would like to be; only messages from pgplay's own frames count.
const pgplayOrigin = new URL('../index.html', location.href).origin;
addEventListener('message', (event) => {
  if (event.origin !== pgplayOrigin || !event.data || event.data.type !== 'playground:resize') return;
  const height = Number(event.data.height);
  if (!Number.isFinite(height) || height < 100 || height > 2000) return;
  for (const frame of document.querySelectorAll('iframe.pgplay')) {
    if (frame.contentWindow === event.source) frame.style.height = height + 'px';
  }
});

// The snippet, with this site's address in it.
const app = new URL('../index.html', location.href).href;
const snippet = `<iframe src="${app}?embed=1&amp;setup=CREATE%20TABLE%20t%20(n%20int)%3B%20INSERT%20INTO%20t%20VALUES%20(1)%2C%20(2)%3B&amp;sql=SELECT%20sum(n)%20FROM%20t%3B"
  title="PostgreSQL exercise" width="100%" height="420" style="border:0;border-radius:8px"
  allow="clipboard-write"></iframe>
<script>
  addEventListener('message', (e) => {
    if (e.origin !== '${pgplayOrigin}' || !e.data || e.data.type !== 'playground:resize') return;
    for (const f of document.querySelectorAll('iframe'))
      if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';
  });
</script>`;
document.getElementById('snippet').textContent = snippet;
document.getElementById('copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(snippet);
    document.getElementById('copied').hidden = false;
  } catch {
    getSelection().selectAllChildren(document.getElementById('snippet'));   // copy it by hand
  }
});
