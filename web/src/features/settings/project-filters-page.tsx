/** Inbound filters: built-in filters (browser extensions, localhost, crawlers…) and custom IP/release/message filters. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useToast } from '../../components/toast.js';
import { Button, ErrorState, errorMessage, Field, LoadingState, Panel } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { lines, SettingsLayout } from './settings-layout.js';
import { useProject, useSaveProject } from './use-project.js';

const BUILTIN: { id: string; name: string; description: string }[] = [
  {
    id: 'browser-extensions',
    name: 'Browser extensions',
    description: 'Errors caused by browser add-ons and extensions.',
  },
  { id: 'localhost', name: 'Localhost', description: 'Events coming from localhost or 127.0.0.1.' },
  { id: 'web-crawlers', name: 'Web crawlers', description: 'Events from known bots and crawlers.' },
  { id: 'legacy-browsers', name: 'Legacy browsers', description: 'Events from very old browsers.' },
  { id: 'filtered-transaction', name: 'Health checks', description: 'Transactions of health-check endpoints.' },
];

function optionText(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join('\n');
  return typeof v === 'string' ? v : '';
}

export default function ProjectFiltersPage() {
  const { orgSlug = '', projectSlug = '' } = useParams();
  const qc = useQueryClient();
  const toast = useToast();
  const project = useProject(orgSlug, projectSlug);
  const filters = useQuery({
    queryKey: ['filters', orgSlug, projectSlug],
    queryFn: () => api.filters(orgSlug, projectSlug),
    retry: false,
  });
  const save = useSaveProject(orgSlug, projectSlug, 'Filters saved');
  const toggle = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => api.updateFilter(orgSlug, projectSlug, id, active),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['filters', orgSlug, projectSlug] }),
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const [ips, setIps] = useState('');
  const [releases, setReleases] = useState('');
  const [messages, setMessages] = useState('');
  useEffect(() => {
    const o = project.data?.options ?? {};
    setIps(optionText(o['filters:blacklisted_ips']));
    setReleases(optionText(o['filters:releases']));
    setMessages(optionText(o['filters:error_messages']));
  }, [project.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      options: {
        'filters:blacklisted_ips': lines(ips).join('\n'),
        'filters:releases': lines(releases).join('\n'),
        'filters:error_messages': lines(messages).join('\n'),
      },
    });
  };

  const state = new Map<string, boolean>();
  for (const f of Array.isArray(filters.data) ? filters.data : []) {
    state.set(f.id, Array.isArray(f.active) ? f.active.length > 0 : f.active === true);
  }
  const list = [...BUILTIN];
  for (const f of Array.isArray(filters.data) ? filters.data : []) {
    if (!list.some((b) => b.id === f.id))
      list.push({ id: f.id, name: f.name ?? f.id, description: f.description ?? '' });
  }

  return (
    <SettingsLayout title="Inbound filters">
      {project.isPending ? (
        <LoadingState />
      ) : project.isError ? (
        <ErrorState error={project.error} retry={() => project.refetch()} />
      ) : (
        <>
          <Panel title="Built-in filters">
            {filters.isError && (
              <div className="panel-body subtle">Filter states are unavailable: {errorMessage(filters.error)}</div>
            )}
            {list.map((f) => (
              <Field key={f.id} label={f.name} help={f.description} htmlFor={`filter-${f.id}`}>
                <label className="toggle-row">
                  <input
                    id={`filter-${f.id}`}
                    type="checkbox"
                    className="checkbox"
                    checked={state.get(f.id) === true}
                    disabled={toggle.isPending || filters.isError}
                    onChange={(e) => toggle.mutate({ id: f.id, active: e.target.checked })}
                  />
                  Filter out
                </label>
              </Field>
            ))}
          </Panel>
          <Panel title="Custom filters">
            <form onSubmit={submit}>
              <Field label="IP addresses" htmlFor="f-ips" help="One IP or CIDR range per line.">
                <textarea id="f-ips" className="textarea mono" value={ips} onChange={(e) => setIps(e.target.value)} />
              </Field>
              <Field label="Releases" htmlFor="f-rel" help="One release per line; * is a wildcard.">
                <textarea
                  id="f-rel"
                  className="textarea mono"
                  value={releases}
                  onChange={(e) => setReleases(e.target.value)}
                />
              </Field>
              <Field label="Error messages" htmlFor="f-msg" help="One pattern per line, e.g. *ResizeObserver loop*.">
                <textarea
                  id="f-msg"
                  className="textarea mono"
                  value={messages}
                  onChange={(e) => setMessages(e.target.value)}
                />
              </Field>
              <div className="form-row">
                <span />
                <div>
                  <Button type="submit" variant="primary" disabled={save.isPending}>
                    Save filters
                  </Button>
                </div>
              </div>
            </form>
          </Panel>
        </>
      )}
    </SettingsLayout>
  );
}
