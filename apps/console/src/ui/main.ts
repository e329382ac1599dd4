import { api, ApiError, type Session, setCsrf } from './api';
import { h, message } from './dom';
import type { Page, PageContext } from './page';
import { clusterPage } from './pages/cluster.page';
import { deadLetterTopicPage, deadLettersPage } from './pages/dead-letters.page';
import { followPage } from './pages/follow.page';
import { groupPage, groupsPage } from './pages/groups.page';
import { messagesPage } from './pages/messages.page';
import { topicPage, topicsPage } from './pages/topics.page';

const ROUTES: [RegExp, string[], Page][] = [
  [/^\/$/, [], topicsPage],
  [/^\/cluster$/, [], clusterPage],
  [/^\/topics$/, [], topicsPage],
  [/^\/topics\/([^/]+)$/, ['topic'], topicPage],
  [/^\/topics\/([^/]+)\/messages$/, ['topic'], messagesPage],
  [/^\/groups$/, [], groupsPage],
  [/^\/groups\/([^/]+)$/, ['group'], groupPage],
  [/^\/dead-letters$/, [], deadLettersPage],
  [/^\/dead-letters\/([^/]+)$/, ['topic'], deadLetterTopicPage],
  [/^\/follow$/, [], followPage],
];

const cleanups: (() => void)[] = [];
let session: Session;

async function render(): Promise<void> {
  for (const cleanup of cleanups.splice(0)) cleanup();
  const root = document.getElementById('page');
  if (root === null) return;
  const path = location.pathname;
  for (const a of document.querySelectorAll('header nav a')) a.classList.toggle('active', path.startsWith(a.getAttribute('href') ?? '-'));
  const match = ROUTES.map(([pattern, names, page]) => ({ found: pattern.exec(path), names, page })).find((r) => r.found !== null);
  if (match === undefined || match.found === null) {
    root.replaceChildren(h('h1', {}, 'Page not found'), message(`There is no page at ${path}.`, 'error'));
    return;
  }
  const params: Record<string, string> = {};
  match.names.forEach((name, i) => (params[name] = decodeURIComponent(match.found?.[i + 1] ?? '')));
  const ctx: PageContext = { session, params, query: new URLSearchParams(location.search), onLeave: (c) => cleanups.push(c), navigate, banner };
  try {
    const page = await match.page(ctx);
    banner(null);
    root.replaceChildren(page);
  } catch (error) {
    root.replaceChildren(...errorPage(error));
  }
}

function errorPage(error: unknown): HTMLElement[] {
  if (error instanceof ApiError && error.status === 404) return [h('h1', {}, 'Not found'), message(error.message, 'error')];
  if (error instanceof ApiError && error.status === 503) {
    banner(`${error.message}. The console keeps trying; this page reloads when the cluster is back.`);
    const timer = setTimeout(() => void render(), 3000);
    cleanups.push(() => clearTimeout(timer));
    return [h('h1', {}, 'Cluster unreachable'), message(error.message, 'error')];
  }
  return [h('h1', {}, 'Error'), message(error instanceof Error ? error.message : String(error), 'error')];
}

function banner(text: string | null): void {
  const element = document.getElementById('banner');
  if (element === null) return;
  element.hidden = text === null;
  element.textContent = text ?? '';
}

function navigate(path: string): void {
  history.pushState(null, '', path);
  void render();
}

function renderSession(): void {
  const box = document.getElementById('session');
  if (box === null) return;
  if (session.writesOffBecause !== null) {
    box.replaceChildren(h('span', { class: 'muted', title: session.writesOffBecause }, session.readOnly ? 'read-only' : 'writes off'));
    return;
  }
  if (session.loggedIn) {
    box.replaceChildren(h('span', { class: 'ok' }, 'admin'), h('button', { class: 'secondary', type: 'button', onclick: () => void logout() }, 'Log out'));
    return;
  }
  const input = h('input', { type: 'password', name: 'token', placeholder: 'admin token', autocomplete: 'current-password', 'aria-label': 'admin token' });
  const form = h('form', { id: 'login' }, input, h('button', { type: 'submit' }, 'Log in'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void login(input.value).catch((error: unknown) => {
      input.value = '';
      input.setAttribute('placeholder', error instanceof Error ? error.message : 'login failed');
    });
  });
  box.replaceChildren(form);
}

async function login(token: string): Promise<void> {
  const answer = await api<{ csrf: string }>('POST', '/api/login', { token });
  setCsrf(answer.csrf);
  session = { ...session, loggedIn: true, csrf: answer.csrf };
  renderSession();
  await render();
}

async function logout(): Promise<void> {
  await api('POST', '/api/logout');
  setCsrf(null);
  session = { ...session, loggedIn: false, csrf: null };
  renderSession();
  await render();
}

async function boot(): Promise<void> {
  session = await api<Session>('GET', '/api/session');
  setCsrf(session.csrf);
  renderSession();
  document.addEventListener('click', (event) => {
    const anchor = event.target instanceof Element ? event.target.closest('a') : null;
    const href = anchor?.getAttribute('href');
    if (anchor && href?.startsWith('/') && !event.ctrlKey && !event.metaKey && event.button === 0) {
      event.preventDefault();
      navigate(href);
    }
  });
  window.addEventListener('popstate', () => void render());
  await render();
}

void boot();
