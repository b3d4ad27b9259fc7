/**
 * The issue search bar: Sentry's query syntax with suggestions for keys (`is:`, `level:`, tag keys)
 * and for values of the key under the caret. Arrow keys move, Enter/Tab accept, Escape closes.
 */
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { BUILTIN_KEYS, quoteValue, replaceToken, tokenAt } from '../../lib/search-query.js';
import type { TagCatalog } from '../../lib/tag-catalog.js';

interface Suggestion {
  value: string;
  label: string;
  hint?: string;
}

function keySuggestions(catalog: TagCatalog) {
  const out: { key: string; description: string }[] = [...BUILTIN_KEYS];
  const seen = new Set(out.map((k) => k.key));
  for (const key of catalog.keys) {
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ key, description: 'tag' });
    }
  }
  return out;
}

function valueSuggestions(catalog: TagCatalog, key: string | null, prefix: string): string[] {
  if (!key) return [];
  const builtin = BUILTIN_KEYS.find((k) => k.key === key)?.values ?? [];
  const known = catalog.values[key] ?? [];
  const p = prefix.toLowerCase();
  return [...new Set([...builtin, ...known])].filter((v) => v.toLowerCase().startsWith(p)).slice(0, 12);
}

export function SearchBar({
  catalog,
  value,
  onSearch,
}: {
  catalog: TagCatalog;
  value: string;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => setText(value), [value]);

  // "/" focuses the search from anywhere on the page (as in Sentry), unless the user is typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const token = tokenAt(text, caret);
  const keysList = useMemo(() => keySuggestions(catalog), [catalog]);
  const values = valueSuggestions(catalog, token.key, token.value);

  const suggestions: Suggestion[] = useMemo(() => {
    const neg = token.negated ? '!' : '';
    if (token.key) {
      return values.map((v) => ({ value: `${neg}${token.key}:${quoteValue(v)}`, label: v }));
    }
    const prefix = token.value.toLowerCase();
    return keysList
      .filter((k) => k.key.toLowerCase().startsWith(prefix))
      .slice(0, 12)
      .map((k) => ({ value: `${neg}${k.key}:`, label: `${k.key}:`, hint: k.description }));
  }, [token.key, token.value, token.negated, values, keysList]);

  const accept = (s: Suggestion) => {
    const r = replaceToken(text, token, s.value);
    setText(r.query);
    setCaret(r.caret);
    setActive(0);
    requestAnimationFrame(() => {
      input.current?.focus();
      input.current?.setSelectionRange(r.caret, r.caret);
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setOpen(false);
    onSearch(text.trim());
  };

  const showList = open && suggestions.length > 0;

  return (
    <form className="search-bar" onSubmit={submit}>
      <div className="search-wrap">
        <input
          ref={input}
          className="input search-input"
          type="search"
          aria-label="Search issues"
          placeholder="Search issues ( / ): is:unresolved level:error release:1.0 or free text"
          value={text}
          maxLength={2000}
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList ? `${listId}-${active}` : undefined}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setOpen(true);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (!showList) return;
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => (a + 1) % suggestions.length);
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => (a - 1 + suggestions.length) % suggestions.length);
            } else if (e.key === 'Tab' || (e.key === 'Enter' && token.text !== '' && !e.metaKey && !e.ctrlKey)) {
              const s = suggestions[active];
              // Enter on a complete `key:value` token submits instead of re-accepting it.
              if (s && !(e.key === 'Enter' && s.value === token.text)) {
                e.preventDefault();
                accept(s);
              }
            } else if (e.key === 'Escape') {
              // Close the suggestions without the search input's native "clear on Escape".
              e.preventDefault();
              setOpen(false);
            }
          }}
        />
        {showList && (
          <div className="menu search-suggestions" role="listbox" id={listId}>
            {suggestions.map((s, i) => (
              <div
                key={s.value}
                id={`${listId}-${i}`}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                className="menu-item"
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(s);
                }}
              >
                <span className="mono">{s.label}</span>
                {s.hint && <span className="subtle">{s.hint}</span>}
              </div>
            ))}
          </div>
        )}
      </div>
    </form>
  );
}
