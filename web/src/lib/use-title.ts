import { useEffect } from 'react';

/** Sets the browser tab title while the page is shown ("Issues · acme · Faultline"). */
export function useDocumentTitle(...parts: (string | undefined | null | false)[]): void {
  const title = [...parts.filter((p): p is string => typeof p === 'string' && p !== ''), 'Faultline']
    .map((p) => (p.length > 120 ? `${p.slice(0, 120)}…` : p))
    .join(' · ');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
