import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../components/toast.js';
import { errorMessage } from '../../components/ui.js';
import { api } from '../../lib/api.js';
import { keys } from '../../lib/queries.js';

export function useProject(org: string, project: string) {
  return useQuery({ queryKey: keys.project(org, project), queryFn: () => api.project(org, project) });
}

export function useSaveProject(org: string, project: string, message = 'Project saved') {
  const qc = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.updateProject(org, project, body),
    onSuccess: () => {
      toast(message);
      qc.invalidateQueries({ queryKey: keys.project(org, project) });
      qc.invalidateQueries({ queryKey: keys.projects(org) });
    },
    onError: (err) => toast(errorMessage(err), 'error'),
  });
}
