/** Project general settings: name, slug, platform, resolve age; and deleting the project. */
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Modal } from '../../components/modal.js';
import { useToast } from '../../components/toast.js';
import { Button, ErrorState, errorMessage, Field, LoadingState, Panel } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { SettingsLayout } from './settings-layout.js';
import { useProject, useSaveProject } from './use-project.js';

const PLATFORMS = [
  'javascript',
  'javascript-react',
  'node',
  'node-express',
  'python',
  'python-django',
  'go',
  'ruby',
  'php',
  'java',
  'dotnet',
  'other',
];

export default function ProjectSettingsPage() {
  const { orgSlug = '', projectSlug = '' } = useParams();
  const project = useProject(orgSlug, projectSlug);
  const save = useSaveProject(orgSlug, projectSlug);
  const navigate = useNavigate();
  const toast = useToast();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [platform, setPlatform] = useState('');
  const [resolveAge, setResolveAge] = useState(0);
  const [confirm, setConfirm] = useState(false);

  useEffect(() => {
    if (!project.data) return;
    setName(project.data.name);
    setSlug(project.data.slug);
    setPlatform(project.data.platform ?? 'other');
    setResolveAge(Number(project.data.resolveAge) || 0);
  }, [project.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { name, slug, platform, resolveAge },
      {
        onSuccess: (p) => {
          if (p && typeof p === 'object' && 'slug' in p && p.slug !== projectSlug) {
            navigate(`/settings/${encodeURIComponent(orgSlug)}/projects/${encodeURIComponent(String(p.slug))}/`, {
              replace: true,
            });
          }
        },
      },
    );
  };

  const remove = async () => {
    setConfirm(false);
    try {
      await api.deleteProject(orgSlug, projectSlug);
      toast('Project scheduled for deletion');
      navigate(`/settings/${encodeURIComponent(orgSlug)}/`);
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  };

  return (
    <SettingsLayout title="Project settings">
      {project.isPending ? (
        <LoadingState />
      ) : project.isError ? (
        <ErrorState error={project.error} retry={() => project.refetch()} />
      ) : (
        <>
          <Panel title="Project details">
            <form onSubmit={submit}>
              <Field label="Name" htmlFor="p-name">
                <input
                  id="p-name"
                  className="input"
                  value={name}
                  maxLength={200}
                  onChange={(e) => setName(e.target.value)}
                />
              </Field>
              <Field label="Slug" htmlFor="p-slug" help="Used in URLs and sentry-cli's --project.">
                <input
                  id="p-slug"
                  className="input"
                  value={slug}
                  maxLength={50}
                  onChange={(e) => setSlug(e.target.value)}
                />
              </Field>
              <Field label="Platform" htmlFor="p-platform">
                <select
                  id="p-platform"
                  className="select"
                  value={platform}
                  onChange={(e) => setPlatform(e.target.value)}
                >
                  {(PLATFORMS.includes(platform) ? PLATFORMS : [platform, ...PLATFORMS]).map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
              </Field>
              <Field
                label="Auto resolve"
                htmlFor="p-resolve"
                help="Resolve issues not seen for this many hours (0 = never)."
              >
                <input
                  id="p-resolve"
                  type="number"
                  min={0}
                  max={24 * 365}
                  className="input"
                  value={resolveAge}
                  onChange={(e) => setResolveAge(Math.max(0, Number(e.target.value) || 0))}
                />
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
          <Panel title="Danger zone">
            <div className="panel-body row-wrap">
              <span className="grow">Remove the project and all its issues and events.</span>
              <Button variant="danger" onClick={() => setConfirm(true)}>
                Delete project
              </Button>
            </div>
          </Panel>
          <Modal
            open={confirm}
            title={`Delete ${projectSlug}?`}
            onClose={() => setConfirm(false)}
            footer={
              <>
                <Button onClick={() => setConfirm(false)}>Cancel</Button>
                <Button variant="danger" onClick={remove}>
                  Delete
                </Button>
              </>
            }
          >
            This cannot be undone.
          </Modal>
        </>
      )}
    </SettingsLayout>
  );
}
