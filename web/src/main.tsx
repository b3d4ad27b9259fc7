import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './components/styles.css';
import './app/shell.css';
import { App } from './app/app.js';
import { applyTheme, storedTheme } from './lib/theme.js';

applyTheme(storedTheme());

// After an upgrade, a tab opened earlier asks for chunks the new build no longer has: reload once
// (at most every 30 s, so a broken deployment cannot cause a reload loop).
window.addEventListener('vite:preloadError', (event) => {
  const KEY = 'faultline.chunkReloadAt';
  const last = Number(sessionStorage.getItem(KEY)) || 0;
  if (Date.now() - last < 30_000) return;
  sessionStorage.setItem(KEY, String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
