/** Bulk actions over the selected issues: resolve, resolve in next release, ignore, assign, merge, delete. */
import { useState } from 'react';
import { Dropdown } from '../../components/menu.js';
import { Modal } from '../../components/modal.js';
import { Button } from '../../components/ui.js';
import type { IssueUpdate } from '../../lib/api.js';
import { IGNORE_OPTIONS, RESOLVE, RESOLVE_NEXT_RELEASE, useAssigneeOptions } from '../../lib/issue-actions.js';

export function BulkActions({
  org,
  count,
  canMerge,
  busy,
  onUpdate,
  onMerge,
  onDelete,
}: {
  org: string;
  count: number;
  canMerge: boolean;
  busy: boolean;
  onUpdate: (update: IssueUpdate, verb: string) => void;
  onMerge: () => void;
  onDelete: () => void;
}) {
  const [confirm, setConfirm] = useState<'delete' | 'merge' | null>(null);
  const none = count === 0 || busy;
  const assignItems = useAssigneeOptions(org).map((o) => ({
    key: o.key,
    label: o.label,
    onSelect: () => onUpdate({ assignedTo: o.value }, o.value ? 'Assigned' : 'Unassigned'),
  }));
  return (
    <div className="bulk-actions row-wrap" role="toolbar" aria-label="Bulk actions">
      <div className="btn-group">
        <Button size="sm" disabled={none} onClick={() => onUpdate(RESOLVE, 'Resolved')}>
          Resolve
        </Button>
        <Dropdown
          buttonClassName="btn btn-sm"
          label="▾"
          title="More resolve options"
          disabled={none}
          items={[
            {
              key: 'next',
              label: 'In the next release',
              onSelect: () => onUpdate(RESOLVE_NEXT_RELEASE, 'Resolved in next release'),
            },
          ]}
        />
      </div>
      <Dropdown
        buttonClassName="btn btn-sm"
        label="Ignore ▾"
        disabled={none}
        items={IGNORE_OPTIONS.map((o) => ({
          key: o.key,
          label: o.label,
          onSelect: () => onUpdate(o.update, 'Ignored'),
        }))}
      />
      <Dropdown buttonClassName="btn btn-sm" label="Assign ▾" disabled={none} items={assignItems} />
      <Button size="sm" disabled={none || !canMerge} onClick={() => setConfirm('merge')}>
        Merge
      </Button>
      <Button size="sm" variant="danger" disabled={none} onClick={() => setConfirm('delete')}>
        Delete
      </Button>
      <Modal
        open={confirm !== null}
        title={confirm === 'delete' ? `Delete ${count} issue${count === 1 ? '' : 's'}?` : `Merge ${count} issues?`}
        onClose={() => setConfirm(null)}
        footer={
          <>
            <Button onClick={() => setConfirm(null)}>Cancel</Button>
            <Button
              variant={confirm === 'delete' ? 'danger' : 'primary'}
              onClick={() => {
                const what = confirm;
                setConfirm(null);
                if (what === 'delete') onDelete();
                else onMerge();
              }}
            >
              {confirm === 'delete' ? 'Delete' : 'Merge'}
            </Button>
          </>
        }
      >
        {confirm === 'delete'
          ? 'The issues and all their events are removed. New events with the same fingerprint will create a new issue.'
          : 'The selected issues are merged into one; their events and hashes move to it.'}
      </Modal>
    </div>
  );
}
