import type { Session } from './api';

/** What a page gets: the session (may it write?), a place to register cleanups (live views), navigation. */
export interface PageContext {
  session: Session;
  params: Record<string, string>;
  query: URLSearchParams;
  onLeave(cleanup: () => void): void;
  navigate(path: string): void;
  /** Shows the "cluster unreachable" banner, or hides it (null). */
  banner(text: string | null): void;
}

export type Page = (ctx: PageContext) => Promise<HTMLElement>;

/** Whether write controls are usable; when not, they are shown disabled with the reason as their title. */
export function writeState(session: Session): { disabled: boolean; title?: string } {
  if (session.writesOffBecause !== null) return { disabled: true, title: `writes are off: ${session.writesOffBecause}` };
  if (!session.loggedIn) return { disabled: true, title: 'log in with the admin token (top right) to write' };
  return { disabled: false };
}
