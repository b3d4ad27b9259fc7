import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './components/styles.css';
import './app/shell.css';
import { App } from './app/app.js';
import { applyTheme, storedTheme } from './lib/theme.js';

applyTheme(storedTheme());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
