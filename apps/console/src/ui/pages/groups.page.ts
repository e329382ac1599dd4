import { api, live } from '../api';
import { field, h, lineChart, link, message, table } from '../dom';
import { type Page, writeState } from '../page';

interface GroupSummary {
  groupId: string;
  state: string;
  members: number;
  lag: number;
}

interface GroupDetail extends GroupSummary {
  protocol: string;
  memberList: { memberId: string; clientId: string; host: string; assignment: { topic: string; partitions: number[] }[] }[];
  partitions: { topic: string; partition: number; committed: string | null; end: string; lag: number; member: string | null }[];
}

export const groupsPage: Page = async (ctx) => {
  const holder = h('div', {});
  const draw = (groups: GroupSummary[]): void => {
    holder.replaceChildren(
      table(
        ['group', 'state', 'members', 'lag'],
        groups.map((g) => [link(`/groups/${encodeURIComponent(g.groupId)}`, g.groupId), g.state, String(g.members), String(g.lag)]),
        [2, 3],
      ),
    );
  };
  draw(await api<GroupSummary[]>('GET', '/api/groups'));
  ctx.onLeave(
    live<{ groups: GroupSummary[] }>(
      '/api/live/groups',
      (data) => draw(data.groups),
      (problem) => ctx.banner(problem),
    ),
  );
  return h('section', {}, h('h1', {}, 'Consumer groups'), holder);
};

export const groupPage: Page = async (ctx) => {
  const groupId = ctx.params.group ?? '';
  const path = `/api/groups/${encodeURIComponent(groupId)}`;
  const first = await api<GroupDetail>('GET', path);
  const lagHistory: number[] = [first.lag];
  const summary = h('p', { id: 'group-summary' });
  const chart = h('div', {});
  const members = h('div', {});
  const partitions = h('div', {});
  const draw = (group: GroupDetail): void => {
    summary.textContent = `state ${group.state}, ${group.members} member(s), protocol ${group.protocol || '-'}, total lag ${group.lag}`;
    summary.setAttribute('data-lag', String(group.lag));
    chart.replaceChildren(lineChart(lagHistory, 'lag'));
    members.replaceChildren(
      group.memberList.length === 0
        ? h('p', { class: 'muted' }, 'No members: the group is not consuming.')
        : table(
            ['client', 'host', 'partitions'],
            group.memberList.map((m) => [m.clientId, m.host, m.assignment.map((a) => `${a.topic}: ${a.partitions.join(',')}`).join('; ')]),
          ),
    );
    partitions.replaceChildren(
      table(
        ['topic', 'partition', 'committed', 'end', 'lag', 'member'],
        group.partitions.map((p) => [p.topic, String(p.partition), p.committed ?? '-', p.end, String(p.lag), p.member ?? '-']),
        [1, 2, 3, 4],
      ),
    );
  };
  draw(first);
  ctx.onLeave(
    live<{ group: GroupDetail }>(
      `/api/live/groups/${encodeURIComponent(groupId)}`,
      (data) => {
        lagHistory.push(data.group.lag);
        if (lagHistory.length > 120) lagHistory.shift();
        draw(data.group);
      },
      (problem) => ctx.banner(problem),
    ),
  );
  return h('section', {}, h('h1', {}, `Group ${groupId}`), summary, chart, h('h2', {}, 'Members'), members, h('h2', {}, 'Offsets'), partitions, resetForm(ctx, path, first));
};

function resetForm(ctx: Parameters<Page>[0], path: string, group: GroupDetail): HTMLElement {
  const state = writeState(ctx.session);
  const topics = [...new Set(group.partitions.map((p) => p.topic))];
  const topic = h(
    'select',
    { name: 'topic' },
    topics.map((t) => h('option', { value: t }, t)),
  );
  const to = h(
    'select',
    { name: 'to' },
    ['earliest', 'latest', 'timestamp', 'offset'].map((t) => h('option', { value: t }, t)),
  );
  const value = h('input', { name: 'value', placeholder: 'offset or time' });
  const result = h('div', {});
  const run = (dryRun: boolean): void => {
    api<{ dryRun: boolean; partitions: { partition: number; from: string | null; to: string }[] }>('POST', `${path}/reset`, {
      topic: topic.value,
      to: to.value,
      value: value.value || undefined,
      dryRun,
    }).then(
      (plan) =>
        result.replaceChildren(
          message(plan.dryRun ? 'Dry run: nothing changed.' : 'Offsets reset.', 'success'),
          table(
            ['partition', 'from', 'to'],
            plan.partitions.map((p) => [String(p.partition), p.from ?? '-', p.to]),
          ),
        ),
      (error: Error) => result.replaceChildren(message(error.message, 'error')),
    );
  };
  return h(
    'div',
    { class: 'card' },
    h('h2', {}, 'Reset offsets'),
    h('p', { class: 'muted' }, 'Refused while the group has members. Preview with a dry run first.'),
    h(
      'div',
      { class: 'row' },
      field('topic', topic),
      field('to', to),
      field('value', value),
      h('button', { type: 'button', class: 'secondary', disabled: state.disabled, title: state.title, onclick: () => run(true) }, 'Dry run'),
      h('button', { type: 'button', disabled: state.disabled, title: state.title, onclick: () => run(false) }, 'Reset'),
    ),
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        {
          type: 'button',
          class: 'danger',
          disabled: state.disabled,
          title: state.title,
          onclick: () =>
            api('DELETE', path).then(
              () => ctx.navigate('/groups'),
              (error: Error) => result.replaceChildren(message(error.message, 'error')),
            ),
        },
        'Delete group',
      ),
    ),
    result,
  );
}
