/** Client keys (DSNs) of a project: DSN and endpoints, enable/disable, rename, rate limits, create, delete. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useToast } from '../../components/toast.js';
import {
  Badge,
  Button,
  CopyField,
  EmptyState,
  ErrorState,
  errorMessage,
  LoadingState,
  Panel,
} from '../../components/ui.js';
import { api } from '../../lib/api.js';
import type { ProjectKey } from '../../lib/api-types.js';
import { keys } from '../../lib/queries.js';
import { SettingsLayout } from './settings-layout.js';

function KeyCard({ org, project, k }: { org: string; project: string; k: ProjectKey }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [count, setCount] = useState(String(k.rateLimit?.count ?? ''));
  const [window, setWindow] = useState(String(k.rateLimit?.window ?? 60));
  const refresh = () => qc.invalidateQueries({ queryKey: keys.keys(org, project) });
  const update = useMutation({
    mutationFn: (body: Partial<Pick<ProjectKey, 'name' | 'isActive' | 'rateLimit'>>) =>
      api.updateKey(org, project, k.id, body),
    onSuccess: () => {
      toast('Key saved');
      refresh();
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const remove = useMutation({
    mutationFn: () => api.deleteKey(org, project, k.id),
    onSuccess: () => {
      toast('Key deleted');
      refresh();
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const dsn = k.dsn ?? { public: '', secret: '' };
  return (
    <Panel
      title={
        <span className="row">
          {k.name || k.label || 'Default'} {!k.isActive && <Badge tone="warning">disabled</Badge>}
        </span>
      }
      actions={
        <>
          <Button size="sm" onClick={() => update.mutate({ isActive: !k.isActive })}>
            {k.isActive ? 'Disable' : 'Enable'}
          </Button>
          <Button size="sm" variant="danger" onClick={() => remove.mutate()}>
            Delete
          </Button>
        </>
      }
    >
      <div className="panel-body stack key-card">
        <div className="field">
          <span className="field-label">DSN</span>
          <CopyField value={dsn.public} label="DSN" />
        </div>
        {dsn.security && (
          <div className="field">
            <span className="field-label">Security header endpoint (CSP)</span>
            <CopyField value={dsn.security} />
          </div>
        )}
        {dsn.minidump && (
          <div className="field">
            <span className="field-label">Minidump endpoint</span>
            <CopyField value={dsn.minidump} />
          </div>
        )}
        <div className="field">
          <span className="field-label">Public key / project id</span>
          <code>
            {k.public} / {String(k.projectId)}
          </code>
        </div>
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            const c = Number(count);
            update.mutate({ rateLimit: count === '' || !c ? null : { count: c, window: Number(window) || 60 } });
          }}
        >
          <span className="field-label">Rate limit</span>
          <div className="row-wrap">
            <input
              className="input"
              type="number"
              min={0}
              aria-label="Events"
              placeholder="unlimited"
              value={count}
              onChange={(e) => setCount(e.target.value)}
              style={{ width: 120 }}
            />
            <span>events per</span>
            <select className="select" aria-label="Window" value={window} onChange={(e) => setWindow(e.target.value)}>
              <option value="60">minute</option>
              <option value="3600">hour</option>
              <option value="86400">day</option>
            </select>
            <Button type="submit" size="sm">
              Save rate limit
            </Button>
          </div>
        </form>
      </div>
    </Panel>
  );
}

export default function ProjectKeysPage() {
  const { orgSlug = '', projectSlug = '' } = useParams();
  const list = useQuery({ queryKey: keys.keys(orgSlug, projectSlug), queryFn: () => api.keys(orgSlug, projectSlug) });
  const qc = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    mutationFn: () => api.createKey(orgSlug, projectSlug, `Key ${(list.data?.length ?? 0) + 1}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.keys(orgSlug, projectSlug) }),
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  return (
    <SettingsLayout
      title="Client keys (DSN)"
      actions={
        <Button variant="primary" onClick={() => create.mutate()} disabled={create.isPending}>
          Generate new key
        </Button>
      }
    >
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <EmptyState title="No keys">Generate a key to get a DSN.</EmptyState>
      ) : (
        list.data.map((k) => <KeyCard key={k.id} org={orgSlug} project={projectSlug} k={k} />)
      )}
    </SettingsLayout>
  );
}
