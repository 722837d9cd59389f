/**
 * The explorer in the report: labelled controls over a base scenario's policies, a run of the model
 * in Web Workers on every change (debounced), and the headline figures and charts of the base beside
 * the explored policy, paired replicate by replicate on the same seeds. The state lives in the URL
 * fragment; the command that gives the same numbers is shown with a copy button.
 *
 * Bundled into report.html (scripts/bundle.ts). The workers are started from the engine's text
 * embedded in the page (a Blob URL), so nothing is requested, from file:// or anywhere.
 */
import { ARMS, spendVsOutputSpec, strategySharesSpec, wasteSpec, type ChartLabels } from '../charts.js';
import { commandLine, controlValue, exploredArgs, parseFragment, stateFragment, weekChoices, type ExplorerContext, type ExplorerState } from '../command.js';
import { POLICY_CONTROLS, RUN_LIMITS, type PolicyControl } from '../controls.js';
import type { ExplorerData } from '../data.js';
import type { ReplicateTask, WorkerMessage } from '../protocol.js';
import { figureRows, seriesPoints, summaryText, type ReplicateOutcome } from '../results.js';
import { holdsFrom, leafAt, type LeafValue } from '../weekly.js';
import { formatDifference, formatValue, sentence } from '../format.js';
import { el, rangeRow, selectRow } from './dom.js';

declare const vegaEmbed: (el: HTMLElement, spec: unknown, options: unknown) => Promise<{ finalize: () => void }>;

/** Milliseconds after the last change before the model runs again. */
const DEBOUNCE_MS = 200;

const root = document.getElementById('explorer');
const dataNode = document.getElementById('explorer-data');
const engineNode = document.getElementById('explorer-engine');
if (root && dataNode && engineNode) start(root, JSON.parse(dataNode.textContent ?? '{}') as ExplorerData, engineNode.textContent ?? '');

function start(root: HTMLElement, data: ExplorerData, engine: string): void {
  const ctx: ExplorerContext = { scenarios: data.scenarios.map((s) => s.name), seed: data.seed, maxWeeks: data.maxWeeks, minWeeks: data.minWeeks, baseArgs: data.baseArgs };
  const packedOf = (name: string) => data.scenarios.find((s) => s.name === name)!.packed;
  let state: ExplorerState = data.initial;

  // --- The form: the run, then each group of policies. -----------------------------------------
  const form = el('form', { className: 'explorer-form', 'aria-describedby': 'explorer-intro' });
  form.addEventListener('submit', (e) => e.preventDefault());
  const runSet = el('fieldset', {}, [el('legend', {}, ['The run'])]);
  const scenarioSelect = selectRow(runSet, 'x-scenario', 'Base scenario', ctx.scenarios);
  const description = el('p', { className: 'muted', id: 'explorer-description' });
  runSet.append(description);
  const employees = rangeRow(runSet, 'x-employees', 'Employees', RUN_LIMITS.employees.min, RUN_LIMITS.employees.max, RUN_LIMITS.employees.step);
  const replicates = rangeRow(runSet, 'x-reps', 'Replicates (each a seed shared by base and explored)', RUN_LIMITS.replicates.min, RUN_LIMITS.replicates.max, 1);
  const weeksSelect = selectRow(runSet, 'x-weeks', 'Weeks simulated', weekChoices(data.maxWeeks, data.minWeeks).map(String));
  const fromWeek = rangeRow(runSet, 'x-from', 'The change takes effect from week', 0, state.weeks - 1, 1);
  form.append(runSet);

  const policyInputs = new Map<string, { control: PolicyControl; input: HTMLInputElement | HTMLSelectElement; output: HTMLElement }>();
  for (const group of [...new Set(POLICY_CONTROLS.map((c) => c.group))]) {
    const fs = el('fieldset', {}, [el('legend', {}, [group])]);
    for (const c of POLICY_CONTROLS.filter((p) => p.group === group)) {
      const id = `x-${c.path.replace('.', '-')}`;
      const row = c.kind === 'choice' ? selectRow(fs, id, c.label, c.options) : rangeRow(fs, id, c.label, c.min, c.max, c.step);
      policyInputs.set(c.path, { control: c, input: row.input, output: row.output });
    }
    form.append(fs);
  }
  const reset = el('button', { type: 'button' }, ['Back to the base scenario']);
  form.append(el('p', {}, [reset]));

  // --- Results: status, figures, charts, command. ------------------------------------------------
  const progress = el('progress', { max: '1', value: '0', id: 'explorer-progress', 'aria-label': 'Progress of the run' });
  const status = el('p', { id: 'explorer-status', role: 'status', 'aria-live': 'polite' });
  const notice = el('p', { className: 'muted', id: 'explorer-notice', role: 'status' });
  const table = el('table', { className: 'explorer-figures' });
  const charts = [el('div', { className: 'explorer-chart', id: 'explorer-chart-0' }), el('div', { className: 'explorer-chart', id: 'explorer-chart-1' }), el('div', { className: 'explorer-chart', id: 'explorer-chart-2' })];
  const command = el('code', { id: 'explorer-command' });
  const copy = el('button', { type: 'button', id: 'explorer-copy' }, ['Copy command']);
  const download = el('a', { id: 'explorer-summary', download: 'summary.json' }, ['Download this summary.json']);
  const results = el('div', { className: 'explorer-results' }, [
    el('p', {}, [el('label', { htmlFor: 'explorer-progress' }, ['Run ']), progress]),
    status,
    notice,
    table,
    ...charts.map((c) => el('figure', {}, [c])),
    el('h3', {}, ['The same numbers from the command line']),
    el('p', {}, ["Run where the report's own run was made, this command gives the explored figures in its summary.json, to the last digit; without its --set flags, the base figures."]),
    el('pre', {}, [command]),
    el('p', {}, [copy, ' ', download]),
  ]);
  root.append(form, results);
  root.hidden = false;

  // --- State ↔ controls ↔ URL. -------------------------------------------------------------------
  const baseValue = (path: string) => leafAt(packedOf(state.scenario), path, state.fromWeek);
  const shown = (v: LeafValue) => (typeof v === 'number' ? String(+v.toPrecision(6)) : v);

  function render(): void {
    scenarioSelect.input.value = state.scenario;
    description.textContent = data.scenarios.find((x) => x.name === state.scenario)?.description ?? '';
    employees.input.value = String(state.employees);
    employees.output.textContent = state.employees.toLocaleString('en-US');
    replicates.input.value = String(state.replicates);
    replicates.output.textContent = String(state.replicates);
    weeksSelect.input.value = String(state.weeks);
    fromWeek.input.max = String(state.weeks - 1);
    fromWeek.input.value = String(state.fromWeek);
    fromWeek.output.textContent = String(state.fromWeek);
    for (const [path, { input, output }] of policyInputs) {
      const changed = state.set.find(([p]) => p === path);
      const base = baseValue(path);
      const value = changed ? changed[1] : base;
      input.value = String(value);
      output.textContent = changed ? `${shown(value)} (base: ${shown(base)})` : `${shown(value)} (as in the base)`;
      input.closest('.control')?.classList.toggle('changed', Boolean(changed));
    }
    history.replaceState(null, '', `#${stateFragment(state)}`);
  }

  /** Until the next run finishes, what is shown belongs to another state: say so, and offer nothing to copy. */
  function markStale(): void {
    results.classList.add('stale');
    results.setAttribute('aria-busy', 'true');
    download.removeAttribute('href');
    copy.disabled = true;
  }

  function readForm(changedPath?: string): void {
    const next: ExplorerState = {
      scenario: scenarioSelect.input.value,
      employees: Number(employees.input.value),
      replicates: Number(replicates.input.value),
      weeks: Number(weeksSelect.input.value),
      fromWeek: Math.min(Number(fromWeek.input.value), Number(weeksSelect.input.value) - 1),
      set: [],
    };
    // A value the base already holds in every week from the change on is no change (so a new base
    // may drop one); one the base holds only at first still overrides a later scheduled change.
    for (const [path, { control, input }] of policyInputs) {
      const v = path === changedPath ? controlValue(control, input.value) : state.set.find(([p]) => p === path)?.[1];
      if (v !== undefined && !holdsFrom(packedOf(next.scenario), path, v, next.fromWeek, next.weeks)) next.set.push([path, v]);
    }
    state = next;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = (path?: string) => {
    readForm(path);
    render();
    markStale();
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  };
  for (const input of [scenarioSelect.input, employees.input, replicates.input, weeksSelect.input, fromWeek.input]) input.addEventListener('input', () => changed());
  for (const [path, { input }] of policyInputs) input.addEventListener('input', () => changed(path));
  reset.addEventListener('click', () => {
    state = { ...state, set: [] };
    render();
    markStale();
    run();
  });
  copy.addEventListener('click', () => copyCommand(command.textContent ?? '', notice));

  const fromUrl = () => {
    const { state: s, ignored } = parseFragment(location.hash, ctx, data.initial);
    state = s;
    const named = ignored.slice(0, 5).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k));
    const more = ignored.length > 5 ? ` and ${ignored.length - 5} more` : '';
    notice.textContent = ignored.length > 0 ? `Parts of the link could not be used (${named.join(', ')}${more}); the explorer shows the rest.` : '';
  };
  window.addEventListener('hashchange', () => {
    if (location.hash.slice(1) === stateFragment(state)) return;
    fromUrl();
    render();
    markStale();
    run();
  });

  // --- Runs: replicates spread over workers; the base cached. ------------------------------------
  const url = URL.createObjectURL(new Blob([engine], { type: 'text/javascript' }));
  const workerCount = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8));
  const workers: { worker: Worker; busy: boolean }[] = [];
  const baseCache = new Map<string, ReplicateOutcome[]>();
  const baseKey = (s: ExplorerState) => JSON.stringify([s.scenario, s.employees, s.replicates, s.weeks]);
  let current: { id: number; state: ExplorerState; queue: ReplicateTask[]; base: ReplicateOutcome[]; explored: ReplicateOutcome[] | null; left: number; total: number; weeksDone: Map<string, number>; started: number } | undefined;
  let runs = 0;
  let blobUrl: string | undefined;
  const views: ({ finalize: () => void } | undefined)[] = [];

  /** Ends the current run without figures, saying why. */
  const fail = (message: string) => {
    status.textContent = `The run failed: ${message}`;
    current = undefined;
    root.dataset.status = 'failed';
  };

  const dispatch = () => {
    if (!current) return;
    for (const w of workers) {
      if (w.busy || current.queue.length === 0) continue;
      w.busy = true;
      w.worker.postMessage(current.queue.shift());
    }
  };

  const onMessage = (w: { busy: boolean }, m: WorkerMessage) => {
    if (m.type !== 'progress') w.busy = false;
    if (!current || m.run !== current.id) return dispatch();
    if (m.type === 'failed') return fail(m.message);
    const key = `${m.arm}/${m.replicate}`;
    current.weeksDone.set(key, m.type === 'done' ? current.state.weeks : m.week);
    progress.value = [...current.weeksDone.values()].reduce((a, b) => a + b, 0) / (current.total * current.state.weeks);
    if (m.type === 'done') {
      (m.arm === 'base' ? current.base : current.explored!)[m.replicate] = { scalars: m.scalars, series: m.series };
      current.left -= 1;
      if (current.left === 0) finish();
    }
    dispatch();
  };

  /** A worker; one that dies (or whose message cannot be read) fails the run it was in and is replaced. */
  function startWorker(): { worker: Worker; busy: boolean } {
    const entry = { worker: new Worker(url), busy: false };
    entry.worker.onmessage = (e: MessageEvent<WorkerMessage>) => onMessage(entry, e.data);
    const died = (message: string) => {
      entry.worker.terminate();
      workers.splice(workers.indexOf(entry), 1, startWorker());
      if (current) fail(message);
    };
    entry.worker.onerror = (e) => {
      e.preventDefault();
      died(`a worker stopped: ${e.message || 'no reason given'}`);
    };
    entry.worker.onmessageerror = () => died('a worker sent a message the page could not read');
    return entry;
  }

  function run(): void {
    if (workers.length === 0) {
      try {
        for (let k = 0; k < workerCount; k++) workers.push(startWorker());
      } catch (e) {
        // A browser that refuses workers from the page's own memory: the static report stands.
        status.textContent = `This browser does not let the page start the model's workers (${e instanceof Error ? e.message : String(e)}); the rest of the report is unaffected.`;
        return;
      }
    }
    const s = state;
    const cached = baseCache.get(baseKey(s));
    const packed = packedOf(s.scenario);
    const exploration = { weeks: s.weeks, employees: s.employees, fromWeek: s.fromWeek, set: s.set };
    const id = ++runs;
    const queue: ReplicateTask[] = [];
    for (let r = 0; r < s.replicates; r++) {
      if (!cached) queue.push({ run: id, arm: 'base', replicate: r, seed: data.seed, packed, exploration: { ...exploration, set: [] } });
      if (s.set.length > 0) queue.push({ run: id, arm: 'explored', replicate: r, seed: data.seed, packed, exploration });
    }
    current = { id, state: s, queue, base: cached ?? [], explored: s.set.length > 0 ? [] : null, left: queue.length, total: queue.length, weeksDone: new Map(), started: performance.now() };
    root.dataset.status = 'running';
    progress.value = 0;
    if (queue.length === 0) finish();
    else dispatch();
  }

  function finish(): void {
    const c = current!;
    current = undefined;
    const s = c.state;
    baseCache.set(baseKey(s), c.base);
    const explored = c.explored ?? c.base;
    const seconds = (performance.now() - c.started) / 1000;
    const rows = figureRows(c.base, explored);
    const labels: ChartLabels = { base: ARMS.base, explored: ARMS.explored, fromWeek: s.fromWeek };
    const points = [...seriesPoints(ARMS.base, c.base, s.weeks), ...seriesPoints(ARMS.explored, explored, s.weeks)];
    drawTable(table, rows, s);
    [spendVsOutputSpec(points, labels), strategySharesSpec(points, labels), wasteSpec(points, labels)].forEach((spec, k) => {
      views[k]?.finalize();
      views[k] = undefined;
      vegaEmbed(charts[k], spec, { actions: false, renderer: 'svg' }).then(
        (result) => (views[k] = result),
        (e: Error) => (charts[k].textContent = `This chart could not be drawn: ${e.message}`),
      );
    });
    // The command and the file are those of the figures shown, written with them.
    command.textContent = commandLine(exploredArgs(ctx, s));
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = URL.createObjectURL(new Blob([summaryText(s.scenario, explored)], { type: 'application/json' }));
    download.setAttribute('href', blobUrl);
    copy.disabled = false;
    results.classList.remove('stale');
    results.removeAttribute('aria-busy');
    status.textContent = sentence(rows, s, seconds);
    progress.value = 1;
    root.dataset.status = 'done';
    root.dataset.runs = String(runs);
    root.dataset.seconds = seconds.toFixed(3);
  }

  fromUrl();
  render();
  markStale();
  run();
}

/** The figures table: base, explored and the paired difference with its 95% interval. */
function drawTable(table: HTMLElement, rows: ReturnType<typeof figureRows>, s: ExplorerState): void {
  const head = el('thead', {}, [el('tr', {}, ['Figure (weekly mean)', `Base: ${s.scenario}`, 'Explored', 'Difference (paired 95% CI)'].map((t) => el('th', { scope: 'col' }, [t])))]);
  const body = el(
    'tbody',
    {},
    rows.map((r) =>
      el('tr', {}, [
        el('th', { scope: 'row' }, [r.figure.label]),
        el('td', {}, [formatValue(r.figure, r.base)]),
        el('td', {}, [formatValue(r.figure, r.explored)]),
        el('td', {}, [formatDifference(r.figure, r.difference)]),
      ]),
    ),
  );
  const caption = el('caption', {}, [`${s.replicates} replicate${s.replicates === 1 ? '' : 's'} × ${s.employees.toLocaleString('en-US')} employees × ${s.weeks} weeks; intervals are 95% Student-t over replicates.`]);
  table.replaceChildren(caption, head, body);
}

/** Copies the command, or selects it for the user to copy where the clipboard is closed (file://). */
function copyCommand(text: string, notice: HTMLElement): void {
  const done = () => (notice.textContent = 'The command is copied.');
  const select = () => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('explorer-command')!);
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    notice.textContent = document.execCommand('copy') ? 'The command is copied.' : 'The command is selected: press Ctrl+C (⌘C) to copy it.';
  };
  if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(done, select);
  else select();
}
