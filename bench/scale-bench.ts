/**
 * npm run bench:scale — the digest fan-out at scale, in one run, each figure beside its target or
 * a baseline of the same run:
 * 1. senders' throughput (1, 4, 16 senders; sender-bench.ts) and how closely they hold a shared
 *    SES rate, with AWS-like latencies injected;
 * 2. planning 1,000,000 readers: time and peak RSS (plan-bench.ts, in a process of its own);
 * 3. one run end to end through the local services with a sender killed mid-chunk and 5xx
 *    injected: lost and duplicated readers (end-to-end-bench.ts);
 * 4. AWS request cost per 1,000 mails, from the requests counted in 3;
 * 5. the 10,000-article burst (burst-bench.ts, in a process of its own);
 * 6. capacity at SES rates of 14, 100 and 1,000/s, computed from 1 and 2;
 * 7. memory at 1,000,000 readers: the planner (2), the import of a 1,000,000-row upload
 *    (import-bench.ts, in a process of its own) and a sender (1), each against 512 MB.
 * Figures print; nothing gates. What is measured and what is computed is said line by line.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { isMain } from './bench-support.js';
import { measureEndToEnd, type EndToEndFigures } from './end-to-end-bench.js';
import { startLocalServices } from './local-services.js';
import type { ImportFigures } from './import-bench.js';
import type { PlanFigures } from './plan-bench.js';
import { measureSenders, type SenderFigures, type SenderRun } from './sender-bench.js';

/** README's price list (US$). DynamoDB read units: the on-demand price of the same era as its write units. */
const PRICE = {
  s3PutPerMillion: 5,
  s3GetPerMillion: 0.4,
  dynamoDbWritePerMillion: 1.25,
  dynamoDbReadPerMillion: 0.25,
  sqsPerMillion: 0.4,
  sesPer1000: 0.1,
} as const;
/** README's figure for the whole digest before the fan-out: 2 GET + 1 PUT (reader state) + 2 PutItem per mail. */
const BEFORE_PER_1000 = 0.0083;
export const SCALE_TARGETS = { planPeakRssMb: 512, functionPeakRssMb: 512, costPer1000: 0.005, millionMinutes: 20, rateTolerance: 0.02 } as const;
const MILLION = 1_000_000;
const CAPACITY_RATES = [14, 100, 1000] as const;
const CAPACITY_CONCURRENCY = [1, 4, 16] as const;
/** A sender is planned at no more than this share of what one sender alone sent: a slower one does not stretch the run. */
const SENDER_HEADROOM = 0.8;

export interface ScaleBenchOptions {
  /** Readers of the end-to-end run (item 3). */
  readonly endToEndReaders: number;
  /** Run the 10,000-article burst (~3 minutes) or only point to it. */
  readonly burst: boolean;
}

export const DEFAULT_SCALE_OPTIONS: ScaleBenchOptions = {
  endToEndReaders: Number(process.env['SCALE_E2E_READERS'] ?? 20_000),
  burst: process.env['SCALE_BURST'] !== '0',
};

type Print = (title: string, lines: readonly string[]) => void;

const int = (value: number) => Math.round(value).toLocaleString('en');
const fixed = (value: number, digits: number) => value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const usd = (value: number) => `US$${value < 0.001 ? value.toPrecision(2) : value.toFixed(4)}`;
const ratio = (value: number, target: number, bound: '<=' | '>=') => `${(value / target).toFixed(2)} x, ${(bound === '<=' ? value <= target : value >= target) ? 'met' : 'missed'}`;

/** A bench module run in a child process (node with tsx); resolves with its stdout. */
function runChild(module: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.resolve(import.meta.dirname, module), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${module} exited with ${code}: ${stdout.slice(-2000)}`))));
  });
}

function senderLines(figures: SenderFigures, openRate: number, boundRate: number): { lines: string[]; perSender: SenderRun } {
  const alone = figures.open.find((run) => run.senders === 1)!;
  const lines = [
    `measured, rate limit ${int(openRate)}/s in total (each sender ${int(openRate)} / senders), all senders in this one process:`,
    ...figures.open.map(
      (run) =>
        `  ${String(run.senders).padStart(2)} sender(s): ${fixed(run.mailsPerSecond, 1)} mails/s together (${int(run.mails)} mails in ${fixed(run.seconds, 1)} s); per sender ${fixed(run.perSenderMailsPerSecond, 1)} mails/s; CPU ${fixed(run.cpuMsPerMail, 2)} ms/mail here, ${fixed(run.servicesCpuMsPerMail, 2)} ms/mail in the services' process`,
    ),
    `  together is bounded here by this process's one JavaScript thread (${figures.open.at(-1)!.senders} senders used ${fixed((figures.open.at(-1)!.mailsPerSecond * figures.open.at(-1)!.cpuMsPerMail) / 1000, 2)} s of CPU per second, GC threads included); in AWS each sender is its own Lambda with its own CPU`,
    `measured, per sender alone: ${fixed(alone.perSenderMailsPerSecond, 1)} mails/s, ${fixed(alone.cpuMsPerMail, 2)} ms CPU/mail (mean MIME ${fixed(alone.meanMimeKb, 1)} KB; 8 readers in flight, each waiting ~${8 + 50 + 8 + 8} ms of injected latency)`,
    `measured, rate limit ${boundRate}/s in total (binding):`,
    ...figures.bound.map((run) => {
      const deviation = (run.achievedRate - boundRate) / boundRate;
      return `  ${String(run.senders).padStart(2)} senders at ${fixed(boundRate / run.senders, 3)}/s each: ${fixed(run.achievedRate, 2)} mails/s together over ${int(run.mails)} mails, ${deviation >= 0 ? '+' : ''}${fixed(100 * deviation, 2)}% from ${boundRate}/s (within ${100 * SCALE_TARGETS.rateTolerance}%: ${Math.abs(deviation) <= SCALE_TARGETS.rateTolerance ? 'met' : 'missed'})`;
    }),
    `computed, deployed (each sender a Lambda sending as the one sender alone did; rate ${int(openRate)}/s split by SENDER_CONCURRENCY):`,
    ...figures.open.map((run) => {
      const share = openRate / run.senders;
      const each = Math.min(alone.perSenderMailsPerSecond, share);
      return `  SENDER_CONCURRENCY ${String(run.senders).padStart(2)}: ${run.senders} x min(${fixed(alone.perSenderMailsPerSecond, 1)}, ${fixed(share, 1)}) = ${fixed(run.senders * each, 0)} mails/s; each sender needs ${fixed(each * alone.cpuMsPerMail, 0)} ms of CPU per second (a Lambda gets a whole vCPU at 1,769 MB, ~0.58 at 1,024 MB)`;
    }),
  ];
  return { lines, perSender: alone };
}

function planLines(plan: PlanFigures): string[] {
  return [
    `measured: ${int(plan.readers)} readers in ${int(plan.chunks)} chunks in ${fixed(plan.seconds, 1)} s (${int(plan.readers / plan.seconds)} readers/s); first chunk handed to the queue after ${fixed(plan.firstChunkMs / 1000, 2)} s`,
    `  ${int(plan.candidates)} candidates grouped in ${fixed(plan.groupingMs / 1000, 2)} s; snapshot ${fixed(plan.snapshotKb, 0)} KB; ${int(plan.indexPages)} index pages; ${int(plan.sqsRequests)} SendMessageBatch requests (${int(plan.sqsBilledRequests)} billed 64 KB units); planner CPU ${fixed(plan.cpuMs / 1000, 1)} s`,
    `  peak RSS ${fixed(Math.max(plan.peakRssMb, plan.maxRssMb), 0)} MB, the whole process (target <= ${SCALE_TARGETS.planPeakRssMb} MB: ${ratio(Math.max(plan.peakRssMb, plan.maxRssMb), SCALE_TARGETS.planPeakRssMb, '<=')}); baseline, the same process before planning (modules loaded, candidates built): ${fixed(plan.baselineRssMb, 0)} MB RSS`,
    `  heap in use: ${fixed(plan.baselineHeapMb, 0)} MB before planning, ${fixed(plan.peakHeapMb, 0)} MB at its highest during it (sampled every 10 ms)`,
  ];
}

function endToEndLines(run: EndToEndFigures, requested: number): string[] {
  const mails = run.requests.sesSendCalls;
  const lines = [
    `measured: ${int(run.readers)} readers, ${run.candidates} candidates (10 per reader), ${run.senders} sender handlers in this process + 1 in a process of its own (killed); planner ${fixed(run.planSeconds, 1)} s; ${int(run.chunks)} chunks`,
    `  ${int(run.accepted)} readers got a mail: lost ${run.lost}, duplicated ${run.duplicated} (SES send calls that reached SES: ${int(mails)}, distinct recipients ${int(run.accepted)})`,
    `  ${fixed(run.seconds, 1)} s planner start to the last chunk done: ${fixed(mails / run.seconds, 1)} mails/s on this machine, every service an emulator (CPU ${fixed(run.cpuMsPerMail, 2)} ms/mail in this process with the proxies, ${fixed(run.servicesCpuMsPerMail, 2)} ms/mail in the emulators' process)`,
    `  killed sender: SIGKILL after ${run.killed.sentBeforeKill} of its ${run.killed.readers} readers were mailed, ${run.killed.heldAtKill} sends held unanswered at the SES proxy (SES never saw them); its chunk came back ${fixed(run.killed.backAfterMs / 1000, 0)} s after the kill, past its claims' lease`,
    `  chunk deliveries ${run.deliveries} (${run.redeliveries} redelivered), dead-lettered ${run.deadLettered}; the in-process senders reported sent ${int(run.totals.sent)}, already sent ${run.totals.alreadySent}, nothing new ${int(run.totals.nothingNew)}, deferred ${run.totals.deferred}, failed ${run.totals.failed}`,
    `  faults injected: ${Object.entries(run.faults)
      .map(([name, count]) => `${name}: ${count}`)
      .join('; ')}`,
  ];
  if (run.readers < requested) lines.push(`  ${int(requested)} readers were asked for; ${int(run.readers)} were run`);
  if (run.readers < 100_000) {
    lines.push(
      `  not 100,000: at ${fixed(mails / run.seconds, 0)} mails/s through the emulators on this 2-core machine 100,000 would take ~${fixed(100_000 / (mails / run.seconds) / 60, 0)} min; SCALE_E2E_READERS=100000 runs it`,
    );
  }
  return lines;
}

interface CostLine {
  readonly what: string;
  readonly perMail: string;
  readonly usdPer1000: number;
}

function costLines(run: EndToEndFigures): { lines: string[]; per1000: number } {
  const mails = run.requests.sesSendCalls;
  const per1000 = (count: number, pricePerMillion: number) => (count / mails) * 1000 * (pricePerMillion / MILLION);
  const rows: CostLine[] = [];
  const s3 = run.requests.s3;
  rows.push({ what: 'S3 PUT/LIST (run snapshot)', perMail: `${fixed((s3.PUT + s3.LIST) / mails, 5)} requests`, usdPer1000: per1000(s3.PUT + s3.LIST, PRICE.s3PutPerMillion) });
  rows.push({ what: 'S3 GET/HEAD (run snapshot, once per sender container)', perMail: `${fixed((s3.GET + s3.HEAD) / mails, 5)} requests`, usdPer1000: per1000(s3.GET + s3.HEAD, PRICE.s3GetPerMillion) });
  for (const [name, entry] of Object.entries(run.requests.dynamoDb).sort((a, b) => b[1].writeUnits + b[1].readUnits - (a[1].writeUnits + a[1].readUnits))) {
    const units = entry.writeUnits > 0 ? `${fixed(entry.writeUnits / mails, 4)} WRU` : `${fixed(entry.readUnits / mails, 4)} RRU`;
    rows.push({
      what: `DynamoDB ${name}`,
      perMail: `${fixed(entry.requests / mails, 4)} requests, ${units}${name === 'subscribers UpdateItem' ? ' (table + its index)' : ''}`,
      usdPer1000: per1000(entry.writeUnits, PRICE.dynamoDbWritePerMillion) + per1000(entry.readUnits, PRICE.dynamoDbReadPerMillion),
    });
  }
  const sqs = run.requests.sqs;
  const sqsBilled = sqs.sendBilled + sqs.receiveBilled + sqs.deleteRequests;
  rows.push({ what: 'SQS (send in 64 KB units, receive, delete)', perMail: `${fixed(sqsBilled / mails, 4)} requests`, usdPer1000: per1000(sqsBilled, PRICE.sqsPerMillion) });
  const total = rows.reduce((sum, row) => sum + row.usdPer1000, 0);
  const lines = [
    `measured counts (the run of 3, faults, retries and the kill included: ${int(mails)} mails), priced at README's prices (S3 PUT US$${PRICE.s3PutPerMillion} / GET US$${PRICE.s3GetPerMillion} per million, DynamoDB US$${PRICE.dynamoDbWritePerMillion} per million WRU and US$${PRICE.dynamoDbReadPerMillion} per million RRU, SQS US$${PRICE.sqsPerMillion} per million):`,
    '',
    '| per mail | counted | per 1,000 mails |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.what} | ${row.perMail} | ${usd(row.usdPer1000)} |`),
    `| **total** | | **${usd(total)}** (${fixed((100 * total) / PRICE.sesPer1000, 1)}% of SES's US$${PRICE.sesPer1000.toFixed(2)}) |`,
    '',
    `total ${usd(total)} per 1,000 mails: target <= US$${SCALE_TARGETS.costPer1000}: ${ratio(total, SCALE_TARGETS.costPer1000, '<=')}; before the fan-out US$${BEFORE_PER_1000} (README): ${fixed(total / BEFORE_PER_1000, 2)} x`,
    `not per mail: the SQS event source's empty long polls while idle (a fixed cost per hour, not per mail); DynamoDB prices at AWS's current on-demand rates are half the README's`,
  ];
  return { lines, per1000: total };
}

function capacityLines(perSender: SenderRun, plan: PlanFigures, boundDeviation: number): string[] {
  const P = perSender.perSenderMailsPerSecond;
  const needed = (rate: number) => Math.ceil(rate / P);
  const perHour = (rate: number, senders: number) => Math.min(rate, senders * P) * 3600;
  const rows = CAPACITY_RATES.map((rate) => {
    const k = needed(rate);
    return `| ${int(rate)}/s | ${CAPACITY_CONCURRENCY.map((senders) => int(perHour(rate, senders))).join(' | ')} | ${k} (${fixed(rate / k, 1)}/s each) | ${int(perHour(rate, k))} |`;
  });
  // 1,000,000 readers at 1,000/s, each sender kept at no more than SENDER_HEADROOM of what one sender alone sent.
  const k = Math.ceil(1000 / (SENDER_HEADROOM * P));
  const rate = Math.min(1000, k * P) * (1 + Math.min(0, boundDeviation));
  const firstChunkS = plan.firstChunkMs / 1000;
  const sendingS = MILLION / rate;
  // The last chunks: senders that finish early wait for the slowest one's last chunk.
  const tailS = 200 / (rate / k);
  const totalMin = (firstChunkS + sendingS + tailS) / 60;
  return [
    `computed from the per-sender throughput measured in 1 (${fixed(P, 1)} mails/s, one sender alone) and the rate limiter's deviation measured there; senders = SENDER_CONCURRENCY, each at rate / senders:`,
    '',
    `| SES rate | subscribers/hour, ${CAPACITY_CONCURRENCY.map((senders) => `${senders} sender${senders > 1 ? 's' : ''}`).join(' | ')} | senders needed (fewest) | subscribers/hour with them |`,
    `|---|${CAPACITY_CONCURRENCY.map(() => '---').join('|')}|---|---|`,
    ...rows,
    '',
    `1,000,000 daily readers at 1,000/s with SENDER_CONCURRENCY ${k} (${Math.ceil(1000 / P)} is the fewest; ${k} keeps each sender at ${fixed(1000 / k, 1)}/s, ${fixed((100 * 1000) / k / P, 0)}% of what one sender alone sent): first chunk after ${fixed(firstChunkS, 1)} s (planning measured in 2; it then stays ahead: all chunks in ${fixed(plan.seconds, 1)} s) + ${fixed(sendingS / 60, 1)} min sending at ${fixed(rate, 1)}/s + ${fixed(tailS, 1)} s for the last chunks = ${fixed(totalMin, 1)} min (target <= ${SCALE_TARGETS.millionMinutes} min: ${ratio(totalMin, SCALE_TARGETS.millionMinutes, '<=')}; SES-bound ideal ${fixed(MILLION / 1000 / 60, 1)} min)`,
    `  assumes the SQS event source scales to ${k} senders within seconds and each sender has the CPU of one core here (see 1)`,
  ];
}

export async function runScaleBench(print: Print, options: ScaleBenchOptions = DEFAULT_SCALE_OPTIONS): Promise<void> {
  // The SDK's notice that it will need Node 22 (Lambda runs 22) would interleave with the figures.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const openRate = 1000;
  const boundRate = 50;

  const senderServices = await startLocalServices({ dynamoDb: true, sesAnswerDelayMs: 50 });
  let senders: SenderFigures;
  try {
    senders = await measureSenders(senderServices, {
      open: [
        { senders: 1, readersPerSender: 1000 },
        { senders: 4, readersPerSender: 400 },
        { senders: 16, readersPerSender: 200 },
      ],
      openRate,
      bound: [
        { senders: 4, readersPerSender: 50 },
        { senders: 16, readersPerSender: 50 },
      ],
      boundRate,
    });
  } finally {
    await senderServices.close();
  }
  const { lines: senderReport, perSender } = senderLines(senders, openRate, boundRate);
  print('1. senders (sendDigestChunk with the real renderer, composer, SES v2 client and rate limiter; DynamoDB = dynalite + 8 ms injected per request, SES = an endpoint answering after 50 ms, run snapshot GET 15 ms)', senderReport);

  const plan = JSON.parse((await runChild('plan-bench.ts', ['1000000', '2000'])).trim().split('\n').at(-1)!) as PlanFigures;
  print('2. planning 1,000,000 readers (planDigestRun; subscriber index pages of 3,000 at 8 ms, SendMessageBatch 10 ms, snapshot PUT 30 ms; a process of its own)', planLines(plan));

  const e2eServices = await startLocalServices({ dynamoDb: true, s3Bucket: 'newsdrop-bench', sesEmulator: true });
  let e2e: EndToEndFigures;
  try {
    e2e = await measureEndToEnd(e2eServices, { readers: options.endToEndReaders, candidates: 30, senders: 4 });
  } finally {
    await e2eServices.close();
  }
  print('3. end to end through the local services (dynalite, s3rver, aws-ses-v2-local), a sender killed mid-chunk, 5xx injected', endToEndLines(e2e, options.endToEndReaders));
  const cost = costLines(e2e);
  print('4. AWS request cost per 1,000 mails (counted in 3)', cost.lines);

  if (options.burst) {
    const output = await runChild('burst-bench.ts', []);
    print('5. 10,000-article burst (npm run bench:burst, run here in a process of its own)', output.trim().split('\n'));
  } else {
    print('5. 10,000-article burst', ['not run (SCALE_BURST=0): npm run bench:burst prints instant runs started, time to group and the longest event-loop stall']);
  }

  const boundDeviation = Math.min(...senders.bound.map((run) => (run.achievedRate - boundRate) / boundRate));
  print('6. capacity (computed; markdown for the README)', capacityLines(perSender, plan, boundDeviation));

  const imported = JSON.parse((await runChild('import-bench.ts', ['1000000'])).trim().split('\n').at(-1)!) as ImportFigures;
  print('7. memory at 1,000,000 readers, each function against 512 MB (measured, peak RSS of the whole process)', memoryLines(plan, imported, perSender));
}

function memoryLines(plan: PlanFigures, imported: ImportFigures, alone: SenderRun): string[] {
  const target = SCALE_TARGETS.functionPeakRssMb;
  const planPeak = Math.max(plan.peakRssMb, plan.maxRssMb);
  const importPeak = Math.max(imported.peakRssMb, imported.maxRssMb);
  return [
    `planner (Digest, 512 MB): ${fixed(planPeak, 0)} MB planning 1,000,000 readers (${ratio(planPeak, target, '<=')})`,
    `importer (SubscriberImport, 512 MB): ${fixed(importPeak, 0)} MB importing a ${fixed(imported.fileMb, 0)} MB config/subscribers.json of ${int(imported.rows)} rows (${ratio(importPeak, target, '<=')}); ${fixed(imported.seconds, 0)} s with 8 ms per DynamoDB write (${int(imported.updateRequests)} UpdateItem), ${fixed(imported.cpuSeconds, 0)} s of CPU (a 512 MB Lambda has ~0.29 vCPU: ~${fixed(imported.cpuSeconds / 0.29 / 60, 1)} min of its 15 if CPU-bound), the file read twice as a stream (checked, then written); baseline ${fixed(imported.baselineRssMb, 0)} MB with modules loaded`,
    `sender (DigestSender, 1,024 MB for its CPU share, not its memory): at most ${fixed(alone.processMaxRssMb, 0)} MB, the bench process's peak after the one-sender run, which also holds the bench's setup (${ratio(alone.processMaxRssMb, target, '<=')}); a sender holds one chunk (at most 300 readers) whatever the list's size`,
  ];
}

if (isMain(import.meta.url)) {
  const started = performance.now();
  const load = () => os.loadavg()[0]!.toFixed(2);
  console.log(`newsdrop bench:scale (node ${process.version}, ${os.availableParallelism()} CPUs, load average ${load()} at the start)`);
  await runScaleBench((title, lines) => {
    console.log(`\n${title}`);
    for (const line of lines) console.log(line === '' ? '' : `  ${line}`);
  });
  console.log(`\ndone in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${load()} at the end`);
}
