/** Personal account: name and password. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useToast } from '../../components/toast.js';
import { Button, errorMessage, Field, Panel } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys, useAuthConfig } from '../../lib/queries.js';
import { SettingsLayout } from './settings-layout.js';

export default function AccountPage() {
  const user = useAuthConfig().data?.user;
  const qc = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [verify, setVerify] = useState('');
  useEffect(() => setName(user?.name ?? ''), [user?.name]);

  const saveName = useMutation({
    mutationFn: () => api.updateMe({ name }),
    onSuccess: () => {
      toast('Account saved');
      qc.invalidateQueries({ queryKey: keys.authConfig });
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
  const savePassword = useMutation({
    mutationFn: () => api.changePassword(current, next),
    onSuccess: () => {
      toast('Password changed');
      setCurrent('');
      setNext('');
      setVerify('');
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });

  const submitName = (e: FormEvent) => {
    e.preventDefault();
    saveName.mutate();
  };
  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    if (next !== verify) {
      toast('The new passwords do not match', 'error');
      return;
    }
    savePassword.mutate();
  };

  return (
    <SettingsLayout title="Account details">
      <Panel title="Account">
        <form onSubmit={submitName}>
          <Field label="Email">
            <span>{user?.email}</span>
          </Field>
          <Field label="Name" htmlFor="a-name">
            <input
              id="a-name"
              className="input"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </Field>
          <div className="form-row">
            <span />
            <div>
              <Button type="submit" variant="primary" disabled={saveName.isPending}>
                Save
              </Button>
            </div>
          </div>
        </form>
      </Panel>
      <Panel title="Password">
        <form onSubmit={submitPassword}>
          <Field label="Current password" htmlFor="a-cur">
            <input
              id="a-cur"
              type="password"
              className="input"
              required
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          </Field>
          <Field label="New password" htmlFor="a-new">
            <input
              id="a-new"
              type="password"
              className="input"
              required
              minLength={8}
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          </Field>
          <Field label="Verify new password" htmlFor="a-ver">
            <input
              id="a-ver"
              type="password"
              className="input"
              required
              autoComplete="new-password"
              value={verify}
              onChange={(e) => setVerify(e.target.value)}
            />
          </Field>
          <div className="form-row">
            <span />
            <div>
              <Button type="submit" variant="primary" disabled={savePassword.isPending}>
                Change password
              </Button>
            </div>
          </div>
        </form>
      </Panel>
    </SettingsLayout>
  );
}
