import type { FuzzCase } from './fuzz-case';
import type { RawAnswer, RawExchange } from './fuzz-http-client';
import { PARSER_STATUSES } from './fuzz-protocol-cases';

/** Text that must never reach a client: stack frames, file paths, SQL, internal error names. */
const LEAKS = [
  /\bat \S+ \(?\/?[^)\s]*:\d+:\d+/,
  /node_modules/,
  /\/(work|home|usr|tmp)\//,
  /\.(ts|js):\d+/,
  /"stack"/,
  /\b(SELECT|INSERT|UPDATE) .+ (FROM|INTO|SET)\b/,
  /\b(RangeError|TypeError|ReferenceError|QueryFailedError)\b/,
  /invalid byte sequence/,
];

/** Tally of the fuzz: answers by category and status, and each broken expectation. */
export class FuzzTally {
  private readonly byCategory = new Map<string, Map<string, number>>();
  readonly problems: string[] = [];
  /** orderIds of the 201s among the fuzz's answers: accepted orders, checked like any other. */
  readonly accepted = new Map<string, number>();
  serverErrors = 0;
  answered = 0;

  /** Judges one exchange against its case. */
  record(fuzzCase: FuzzCase, result: RawExchange): void {
    const outcome = result.answers.length === 0 ? `no answer (${result.end})` : statuses(result.answers);
    const counts = this.byCategory.get(fuzzCase.category) ?? new Map<string, number>();
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    this.byCategory.set(fuzzCase.category, counts);
    const where = `${fuzzCase.target} ${fuzzCase.category} "${fuzzCase.name}"`;

    if (result.answers.length === 0) {
      if ((fuzzCase.answers ?? 1) > 0) this.problems.push(`${where}: no answer (${result.end}${result.error ? `, ${result.error}` : ''}, ${result.ms} ms)`);
      return;
    }
    for (const answer of result.answers) {
      this.answered++;
      if (answer.status < 200) continue;
      if (answer.status >= 500) this.serverErrors++;
      const wrong = judge(fuzzCase, answer);
      if (wrong !== undefined) this.problems.push(`${where}: ${wrong}`);
      if (answer.status === 201) {
        const orderId = jsonOf(answer)?.orderId;
        if (typeof orderId === 'string') this.accepted.set(orderId, Date.now());
        else this.problems.push(`${where}: 201 without an orderId`);
      }
    }
    const expectedAnswers = fuzzCase.answers ?? 1;
    if (expectedAnswers > 1 && result.answers.length < expectedAnswers && result.answers.every((a) => a.status < 400)) {
      this.problems.push(`${where}: ${result.answers.length} of ${expectedAnswers} pipelined requests answered (${result.end})`);
    }
  }

  /** `wrong-types: 400 x96; huge-body: 413 x6` */
  describe(): string[] {
    return [...this.byCategory].map(
      ([category, counts]) =>
        `${category}: ${[...counts]
          .sort()
          .map(([outcome, n]) => `${outcome} x${n}`)
          .join(', ')}`,
    );
  }
}

/** What is wrong with one answer, or undefined. */
function judge(fuzzCase: FuzzCase, answer: RawAnswer): string | undefined {
  const text = answer.body.toString('utf8');
  if (answer.status >= 500) return `${answer.status}: ${text.slice(0, 200)}`;
  const leak = LEAKS.find((pattern) => pattern.test(text) || pattern.test(JSON.stringify(answer.headers)));
  if (leak !== undefined) return `answer leaks internals (${leak}): ${text.slice(0, 200)}`;
  const allowed = fuzzCase.expect ?? undefined;
  if (allowed !== undefined && !allowed.includes(answer.status) && !(fuzzCase.answers !== undefined && fuzzCase.answers > 1 && answer.status === 400)) {
    return `answered ${answer.status}, expected ${allowed.join(' or ')}: ${text.slice(0, 160)}`;
  }
  if (answer.body.length === 0) {
    // Node's own HTTP parser answers malformed requests before the app, without a body; HEAD and 204 have none.
    if (PARSER_STATUSES.includes(answer.status) || answer.status === 204 || answer.status < 300 || fuzzCase.name === 'HEAD') return undefined;
    return `${answer.status} with an empty body`;
  }
  const body = jsonOf(answer);
  if (body === undefined) return answer.status === 200 && fuzzCase.category !== 'wrong-types' ? undefined : `${answer.status} body is not JSON: ${text.slice(0, 120)}`;
  if (answer.status >= 400) {
    if (body.statusCode !== answer.status || typeof body.message !== 'string' || body.message === '') return `${answer.status} without statusCode/message: ${text.slice(0, 160)}`;
    if (answer.status === 400 && body.code === 'REQUEST.INVALID') {
      const fields = body.fields;
      const paths = Array.isArray(fields) ? fields.map((field) => (field as { path?: unknown }).path) : [];
      if (paths.length === 0 || paths.some((path) => typeof path !== 'string')) return `400 REQUEST.INVALID without field paths: ${text.slice(0, 160)}`;
      const at = fuzzCase.fieldPath;
      if (at !== undefined && !paths.some((path) => path === at || (path as string).startsWith(`${at}.`))) return `400 names ${paths.join(', ')}, not ${fuzzCase.fieldPath}`;
    } else if (answer.status === 400 && fuzzCase.fieldPath !== undefined) {
      return `400 without the fields at fault (${fuzzCase.fieldPath}): ${text.slice(0, 160)}`;
    }
  }
  return undefined;
}

/** `200` for one answer, `200*49+400` for pipelined ones. */
function statuses(answers: readonly RawAnswer[]): string {
  const runs: Array<[number, number]> = [];
  for (const { status } of answers) {
    const last = runs.at(-1);
    if (last?.[0] === status) last[1]++;
    else runs.push([status, 1]);
  }
  return runs.map(([status, n]) => (n === 1 ? String(status) : `${status}*${n}`)).join('+');
}

function jsonOf(answer: RawAnswer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(answer.body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
