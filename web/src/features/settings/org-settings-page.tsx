/** Organization settings: name, membership defaults, and the list of projects. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useToast } from '../../components/toast.js';
import { Button, ErrorState, errorMessage, Field, LoadingState, Panel } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import type { Organization } from '../../lib/api-types.js';
import { keys, useProjects } from '../../lib/queries.js';
import { SettingsLayout } from './settings-layout.js';

export default function OrgSettingsPage() {
  const { orgSlug = '' } = useParams();
  const qc = useQueryClient();
  const toast = useToast();
  const org = useQuery({ queryKey: keys.organization(orgSlug), queryFn: () => api.organization(orgSlug) });
  const projects = useProjects(orgSlug);
  const [form, setForm] = useState<Partial<Organization>>({});
  useEffect(() => {
    if (org.data) setForm({ name: org.data.name, openMembership: org.data.openMembership });
  }, [org.data]);
  const save = useMutation({
    mutationFn: (body: Partial<Organization>) => api.updateOrganization(orgSlug, body),
    onSuccess: () => {
      toast('Organization saved');
      qc.invalidateQueries({ queryKey: keys.organization(orgSlug) });
      qc.invalidateQueries({ queryKey: keys.organizations });
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form);
  };
  const o = encodeURIComponent(orgSlug);

  return (
    <SettingsLayout title="Organization settings">
      {org.isPending ? (
        <LoadingState />
      ) : org.isError ? (
        <ErrorState error={org.error} retry={() => org.refetch()} />
      ) : (
        <>
          <Panel title="General">
            <form onSubmit={submit}>
              <Field label="Name" htmlFor="org-name">
                <input
                  id="org-name"
                  className="input"
                  value={form.name ?? ''}
                  maxLength={64}
                  onChange={(e) => setForm({ ...form, name: e.target.value })}
                />
              </Field>
              <Field label="Slug" help="Used in URLs and by sentry-cli.">
                <code>{org.data.slug}</code>
              </Field>
              <Field label="Open membership" htmlFor="org-open" help="Members can join any team without an invitation.">
                <label className="toggle-row">
                  <input
                    id="org-open"
                    type="checkbox"
                    className="checkbox"
                    checked={form.openMembership === true}
                    onChange={(e) => setForm({ ...form, openMembership: e.target.checked })}
                  />
                  Allow
                </label>
              </Field>
              <div className="form-row">
                <span />
                <div>
                  <Button type="submit" variant="primary" disabled={save.isPending}>
                    Save changes
                  </Button>
                </div>
              </div>
            </form>
          </Panel>
          <Panel
            title="Projects"
            actions={
              <Link className="btn btn-sm" to={`/organizations/${o}/projects/new/`}>
                Create project
              </Link>
            }
          >
            <table className="table">
              <tbody>
                {(projects.data ?? []).map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/settings/${o}/projects/${encodeURIComponent(p.slug)}/`}>{p.name || p.slug}</Link>
                    </td>
                    <td className="subtle">{p.platform ?? 'other'}</td>
                    <td className="subtle">{p.teams?.map((t) => `#${t.slug}`).join(', ') ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Panel>
        </>
      )}
    </SettingsLayout>
  );
}
