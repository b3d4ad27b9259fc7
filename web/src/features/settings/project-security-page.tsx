/** Security & privacy: data scrubbing, IP scrubbing, sensitive/safe fields, allowed origins (CORS). */
import { type FormEvent, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Button, ErrorState, Field, LoadingState, Panel } from '../../components/ui.js';
import { lines, SettingsLayout } from './settings-layout.js';
import { useProject, useSaveProject } from './use-project.js';

export default function ProjectSecurityPage() {
  const { orgSlug = '', projectSlug = '' } = useParams();
  const project = useProject(orgSlug, projectSlug);
  const save = useSaveProject(orgSlug, projectSlug, 'Security settings saved');
  const [scrubber, setScrubber] = useState(true);
  const [defaults, setDefaults] = useState(true);
  const [scrubIp, setScrubIp] = useState(false);
  const [sensitive, setSensitive] = useState('');
  const [safe, setSafe] = useState('');
  const [origins, setOrigins] = useState('');

  useEffect(() => {
    const p = project.data;
    if (!p) return;
    setScrubber(p.dataScrubber !== false);
    setDefaults(p.dataScrubberDefaults !== false);
    setScrubIp(p.scrubIPAddresses === true);
    setSensitive((p.sensitiveFields ?? []).join('\n'));
    setSafe((p.safeFields ?? []).join('\n'));
    setOrigins((p.allowedDomains ?? ['*']).join('\n'));
  }, [project.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      dataScrubber: scrubber,
      dataScrubberDefaults: defaults,
      scrubIPAddresses: scrubIp,
      sensitiveFields: lines(sensitive),
      safeFields: lines(safe),
      allowedDomains: lines(origins),
    });
  };

  const check = (id: string, value: boolean, set: (v: boolean) => void, text: string) => (
    <label className="toggle-row" htmlFor={id}>
      <input id={id} type="checkbox" className="checkbox" checked={value} onChange={(e) => set(e.target.checked)} />
      {text}
    </label>
  );

  return (
    <SettingsLayout title="Security & privacy">
      {project.isPending ? (
        <LoadingState />
      ) : project.isError ? (
        <ErrorState error={project.error} retry={() => project.refetch()} />
      ) : (
        <form onSubmit={submit}>
          <Panel title="Data scrubbing">
            <Field
              label="Data scrubber"
              htmlFor="s-scrub"
              help="Remove passwords, credit cards and other secrets from events."
            >
              {check('s-scrub', scrubber, setScrubber, 'Enabled')}
            </Field>
            <Field
              label="Default scrubbers"
              help="Apply the default list of sensitive keys (password, secret, token…)."
            >
              {check('s-defaults', defaults, setDefaults, 'Enabled')}
            </Field>
            <Field label="Scrub IP addresses" htmlFor="s-ip" help="Never store the IP address of users.">
              {check('s-ip', scrubIp, setScrubIp, 'Enabled')}
            </Field>
            <Field label="Additional sensitive fields" htmlFor="s-sensitive" help="One key per line.">
              <textarea
                id="s-sensitive"
                className="textarea mono"
                value={sensitive}
                onChange={(e) => setSensitive(e.target.value)}
              />
            </Field>
            <Field label="Safe fields" htmlFor="s-safe" help="Keys never scrubbed, one per line.">
              <textarea id="s-safe" className="textarea mono" value={safe} onChange={(e) => setSafe(e.target.value)} />
            </Field>
          </Panel>
          <Panel title="Client security">
            <Field
              label="Allowed domains"
              htmlFor="s-origins"
              help="Origins allowed to send events from browsers, one per line (e.g. https://example.com, *.example.com, or *)."
            >
              <textarea
                id="s-origins"
                className="textarea mono"
                value={origins}
                onChange={(e) => setOrigins(e.target.value)}
              />
            </Field>
          </Panel>
          <Button type="submit" variant="primary" disabled={save.isPending}>
            Save changes
          </Button>
        </form>
      )}
    </SettingsLayout>
  );
}
