import type { ContentMessage, EvaluationInput, EvaluationOutcome, Evaluator } from '../types';
import { failed, passed } from './results';
import { stringLeaves } from './string-leaves';
import { foldForMatching } from './unicode-fold';

/** Text scanned at most per message: the head and the tail of anything longer (injections sit at either end). */
const MAX_SCANNED = 128 * 1024;

const OVERRIDE_VERBS = `(?:ignore|disregard|forget|override|bypass|skip|drop)`;
const EARLIER = String.raw`(?:all\s+|any\s+|the\s+|your\s+|of\s+)*(?:previous|prior|above|earlier|preceding|former|original|initial|system|existing)`;
const RULES = `(?:instructions?|prompts?|rules|directions|directives|guidelines|guardrails|context|constraints|messages?)`;

/** Markers that untrusted input (a user message, a tool result) tries to take over the model's instructions. */
const INSTRUCTION_MARKERS: ReadonlyArray<readonly [kind: string, pattern: RegExp]> = [
  ['instruction override', new RegExp(String.raw`\b${OVERRIDE_VERBS}\s+${EARLIER}\s+${RULES}\b`, 'i')],
  [
    'role override',
    /\b(?:you are now|from now on,? you are|act as|pretend (?:to be|you are))\s+(?:a |an |in )?(?:dan\b|developer mode|jailbroken|unrestricted|unfiltered|an? (?:ai|assistant|model) (?:without|with no) (?:rules|restrictions|filters))/i,
  ],
  [
    'system prompt exfiltration',
    /\b(?:reveal|print|show|repeat|output|display|leak|tell me)\s+(?:me\s+)?(?:your|the)\s+(?:full\s+|entire\s+|hidden\s+|original\s+)*(?:system prompt|system message|hidden instructions|initial instructions|instructions above)\b/i,
  ],
  [
    'fake system message',
    /<\|im_start\|>\s*system|<\|system\|>|\[\/?INST\]|<<\/?SYS>>|^\s*#{2,}\s*(?:system|new instructions)\b|<\/?system>|^\s*(?:new|updated) (?:system )?instructions\s*:/im,
  ],
  [
    'concealment',
    /\b(?:do not|don['’]t|never)\s+(?:tell|inform|mention (?:this )?to|reveal (?:this )?to|let)\s+the user\b/i,
  ],
];

const ASSISTANT = `(?:ai|assistant|agent|model|llm|chatbot|chatgpt|gpt|claude|copilot|bot)`;

/** Markers that a tool result gives the model orders instead of data. */
const TOOL_ORDER_MARKERS: ReadonlyArray<readonly [kind: string, pattern: RegExp]> = [
  [
    'orders to the assistant',
    new RegExp(
      String.raw`(?:^|[\n.!"'>:]\s*)(?:dear\s+|attention\s+|note to (?:the\s+)?|instructions? (?:for|to) (?:the\s+)?|message (?:for|to) (?:the\s+)?)?${ASSISTANT}\s*[,:!-]\s*(?:you\s+(?:must|should|need to|have to|are required to|will)|please\s+\w+|now\s+\w+|ignore|do not|don['’]t|always|never|immediately)`,
      'i',
    ),
  ],
  [
    'orders to the assistant',
    new RegExp(String.raw`\b(?:instructions?|note|message)\s+(?:for|to)\s+(?:the\s+)?${ASSISTANT}\s*:`, 'i'),
  ],
  [
    'tool invocation request',
    /\b(?:you must|you should|you need to|please|now|immediately)\s+(?:call|invoke|use|run|execute|trigger)\s+(?:the\s+)?[\w.-]+\s+(?:tool|function)\b/i,
  ],
  [
    'exfiltration request',
    /\b(?:send|forward|email|post|upload|transfer|exfiltrate)\s+(?:all\s+|the\s+|this\s+|your\s+)*(?:conversation|chat history|system prompt|credentials|api keys?|secrets?|passwords?|user data|customer data)\s+to\b/i,
  ],
];

/** Long text as its head and tail. */
function scannable(text: string): string {
  if (text.length <= MAX_SCANNED) return text;
  return `${text.slice(0, MAX_SCANNED / 2)}\n${text.slice(-MAX_SCANNED / 2)}`;
}

/** The kinds of markers found in one untrusted text; tool results are also checked for orders. */
export function injectionMarkers(text: string, fromTool: boolean): string[] {
  const folded = foldForMatching(scannable(text));
  const kinds: string[] = [];
  for (const [kind, pattern] of INSTRUCTION_MARKERS) if (pattern.test(folded)) kinds.push(kind);
  if (fromTool) {
    for (const [kind, pattern] of TOOL_ORDER_MARKERS) {
      if (!kinds.includes(kind) && pattern.test(folded)) kinds.push(kind);
    }
  }
  return kinds;
}

function untrustedMessages(input: EvaluationInput): Array<{ text: string; fromTool: boolean }> {
  if (input.target === 'tool') {
    const result = input.toolCall()?.result;
    if (result === undefined) return [];
    return [{ text: stringLeaves(result).join('\n'), fromTool: true }];
  }
  return input
    .newInputMessages()
    .filter((message: ContentMessage) => message.role === 'user' || message.role === 'tool')
    .map((message) => ({ text: message.text, fromTool: message.role === 'tool' }));
}

/**
 * `prompt_injection`: fails when untrusted input carries injection markers: a user message or tool result that
 * says "ignore previous instructions" and friends, switches roles ("you are now DAN"), asks for the system prompt,
 * fakes system markup (`<|im_start|>system`, `[INST]`) or asks to hide things from the user; a tool result that
 * gives the assistant orders ("AI: you must now…", "call the transfer tool", "send the conversation to…"). On LLM
 * calls it reads what the call adds after the last assistant turn (older turns were scored by earlier calls); on
 * `execute_tool` spans, the tool's result. Unicode look-alikes, full-width letters and zero-width characters are
 * folded first; text past 128 KB is read by its head and tail.
 */
export const promptInjectionEvaluator: Evaluator = {
  name: 'prompt_injection',
  targets: ['llm', 'tool'],
  mode: 'sync',
  evaluate(input: EvaluationInput): EvaluationOutcome {
    if (!input.hasContent) return undefined;
    const messages = untrustedMessages(input);
    if (messages.length === 0) return undefined;
    const findings: string[] = [];
    for (const { text, fromTool } of messages) {
      for (const kind of injectionMarkers(text, fromTool)) {
        const finding = `${kind} in ${fromTool ? 'a tool result' : 'a user message'}`;
        if (!findings.includes(finding)) findings.push(finding);
      }
    }
    return findings.length === 0 ? passed() : failed(`injection markers: ${findings.join('; ')}`);
  },
};
