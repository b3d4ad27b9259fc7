/** Server-side rendering helper for component tests (no DOM needed): markup of a node inside a router. */
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';

export function renderMarkup(node: ReactNode, path = '/organizations/acme/issues/1/'): string {
  return renderToStaticMarkup(<MemoryRouter initialEntries={[path]}>{node}</MemoryRouter>);
}
