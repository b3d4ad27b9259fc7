/** Design-system primitives: buttons, states, badges, panels, copy helpers. No data fetching here. */
import { type ButtonHTMLAttributes, type ReactNode, useState } from 'react';
import { ApiError } from '../lib/api.js';
import { formatDateTime, timeAgo } from '../lib/format.js';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: 'default' | 'primary' | 'danger' | 'ghost';
  size?: 'md' | 'sm';
};

export function Button({ variant = 'default', size = 'md', className, type, ...rest }: ButtonProps) {
  const cls = ['btn', variant !== 'default' && `btn-${variant}`, size === 'sm' && 'btn-sm', className]
    .filter(Boolean)
    .join(' ');
  return <button type={type ?? 'button'} className={cls} {...rest} />;
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <div className="spinner" role="status" aria-label={label} />;
}

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" aria-busy="true">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state" data-testid="empty-state">
      <div className="state-title">{title}</div>
      {children}
    </div>
  );
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.detail;
  if (err instanceof Error) return err.message;
  return 'Something went wrong';
}

export function ErrorState({ error, retry, title }: { error: unknown; retry?: () => void; title?: string }) {
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <div className="state-title">{title ?? (notFound ? 'Not found' : 'Could not load this')}</div>
      <div className="break">{errorMessage(error)}</div>
      {retry && !notFound && (
        <Button size="sm" onClick={retry}>
          Retry
        </Button>
      )}
    </div>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone?: 'danger' | 'warning' | 'success' | 'info' | 'accent';
  children: ReactNode;
}) {
  return <span className={tone ? `badge badge-${tone}` : 'badge'}>{children}</span>;
}

const LEVELS = new Set(['fatal', 'error', 'warning', 'info', 'debug', 'sample']);

export function LevelDot({ level }: { level: unknown }) {
  const l = typeof level === 'string' && LEVELS.has(level) ? level : 'error';
  return <span className={`level-dot level-${l}`} title={`level: ${l}`} />;
}

export function LevelBadge({ level }: { level: unknown }) {
  const l = typeof level === 'string' ? level.slice(0, 20) : 'error';
  const tone =
    l === 'fatal' || l === 'error' ? 'danger' : l === 'warning' ? 'warning' : l === 'info' ? 'info' : undefined;
  return <Badge tone={tone}>{l}</Badge>;
}

export function Panel({
  title,
  actions,
  children,
  id,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="panel" id={id}>
      {(title || actions) && (
        <div className="panel-header">
          <span className="grow truncate">{title}</span>
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API unavailable (insecure context): fall back to a hidden textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      onClick={async () => {
        if (await copyText(text)) {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }
      }}
    >
      {copied ? 'Copied' : label}
    </Button>
  );
}

export function CopyField({ value, label }: { value: string; label?: string }) {
  return (
    <div className="copy-field">
      <code title={label}>{value}</code>
      <CopyButton text={value} />
    </div>
  );
}

export function Avatar({ name }: { name: unknown }) {
  const s = typeof name === 'string' && name.trim() ? name.trim() : '?';
  return (
    <span className="avatar" aria-hidden="true">
      {s.slice(0, 1)}
    </span>
  );
}

export function TimeAgo({ date }: { date: unknown }) {
  return (
    <time dateTime={typeof date === 'string' ? date : undefined} title={formatDateTime(date)}>
      {timeAgo(date)}
    </time>
  );
}

export function Field({
  label,
  help,
  children,
  htmlFor,
}: {
  label: string;
  help?: ReactNode;
  children: ReactNode;
  htmlFor?: string;
}) {
  return (
    <div className="form-row">
      <div className="field">
        <label className="field-label" htmlFor={htmlFor}>
          {label}
        </label>
        {help && <div className="field-help">{help}</div>}
      </div>
      <div className="field">{children}</div>
    </div>
  );
}
