/** Keyboard triage in the stream: j/k move between issues, x toggles the focused one, Enter opens it. */
import { useEffect } from 'react';

export function useStreamKeyboard(toggle: (issueId: string) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || !['j', 'k', 'x'].includes(e.key)) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      const links = Array.from(document.querySelectorAll<HTMLAnchorElement>('.issue-list .issue-title'));
      if (links.length === 0) return;
      const current = links.indexOf(document.activeElement as HTMLAnchorElement);
      if (e.key === 'x') {
        const id = links[current]?.closest<HTMLElement>('[data-issue-id]')?.dataset.issueId;
        if (id) toggle(id);
        return;
      }
      e.preventDefault();
      const next = e.key === 'j' ? Math.min(links.length - 1, current + 1) : Math.max(0, current - 1);
      links[next]?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [toggle]);
}
