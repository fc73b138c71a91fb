// The LLM extractor under the brief's evaluation: each case's sources go through the same adapter Baton uses
// (prompt with the parsed structure, JSON checked against the schema, quotes checked against the sources), either to
// a live OpenAI-compatible server (Ollama, vLLM, a hosted API) or replayed from recorded answers, with no network.
import fs from 'node:fs';
import { createOpenAiExtractor } from '../../src/adapters/llm/openai-extractor.ts';
import type { RawExtraction } from '../../src/domain/brief/brief.ts';
import type { BriefInput } from '../../src/domain/brief/types.ts';

/** Recorded answers: the model's message content (a JSON string, or the object itself) per case id. */
export type Recording = { about?: string; model: string; answers: Record<string, unknown> };

export const readRecording = (file: string): Recording => {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Recording;
  if (!data || typeof data.answers !== 'object') throw new Error(`${file}: expected {"model": ..., "answers": {"<case id>": <answer>}}`);
  return data;
};

/** A fetch that answers every request with this content, as an OpenAI-compatible chat completion. */
export function replayFetch(content: unknown, seen?: (body: { messages: { role: string; content: string }[] }) => void): typeof fetch {
  return (async (_url: unknown, init?: RequestInit) => {
    if (seen && typeof init?.body === 'string') seen(JSON.parse(init.body));
    const message = typeof content === 'string' ? content : JSON.stringify(content);
    return new Response(
      JSON.stringify({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: message }, finish_reason: 'stop' }] }),
      {
        status: 200,
        headers: { 'content-type': 'application/json' },
      },
    );
  }) as typeof fetch;
}

/** A fetch that passes to the network and keeps the model's message content, to record a live run. */
function recordingFetch(keep: (content: string) => void): typeof fetch {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(url, init);
    const body = await response.text();
    try {
      const content = (JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
      if (typeof content === 'string') keep(content);
    } catch {
      // Not a chat completion: the adapter says so.
    }
    return new Response(body, { status: response.status, headers: response.headers });
  }) as typeof fetch;
}

export type LlmRun = {
  name: string;
  /** The case's extraction, or why the model's answer was refused (the case then counts as finding nothing). */
  extract(caseId: string, input: BriefInput): Promise<{ raw: RawExtraction } | { error: string } | { skipped: true }>;
  /** Writes what was recorded (live runs with --record). */
  save(): void;
};

/** `--llm <file.json>` replays recorded answers; `--llm <url>` asks a live server for `model`, recording to `record`. */
export function llmRun(target: string, options: { model?: string | undefined; record?: string | undefined; apiKey?: string | undefined }): LlmRun {
  if (!/^https?:\/\//.test(target)) {
    const recording = readRecording(target);
    return {
      name: `llm:${recording.model} (recorded, ${target})`,
      async extract(caseId, input) {
        if (!(caseId in recording.answers)) return { skipped: true };
        const extractor = createOpenAiExtractor({ url: 'http://recorded.invalid/v1', model: recording.model, fetch: replayFetch(recording.answers[caseId]) });
        try {
          return { raw: await extractor.extract(input) };
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      },
      save() {},
    };
  }
  const model = options.model;
  if (!model) throw new Error('--llm <url> needs --model <name> (or BATON_LLM_MODEL)');
  const recorded: Recording = { about: `Recorded from ${target} on ${new Date().toISOString()}`, model, answers: {} };
  return {
    name: `llm:${model} (${target})`,
    async extract(caseId, input) {
      const extractor = createOpenAiExtractor({
        url: target,
        model,
        apiKey: options.apiKey,
        timeoutMs: 600_000,
        fetch: recordingFetch((content) => (recorded.answers[caseId] = content)),
      });
      try {
        return { raw: await extractor.extract(input) };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
    save() {
      if (options.record) fs.writeFileSync(options.record, `${JSON.stringify(recorded, null, 2)}\n`);
    },
  };
}
