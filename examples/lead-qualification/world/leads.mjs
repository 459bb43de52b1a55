// The inbound leads of each simulated day, derived from the scenario's seed: the world and the app agree on them.
import { fraction, integer, pick } from './random.mjs';

export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const FIRST_NAMES = ['ada', 'grace', 'alan', 'linus', 'margaret', 'ken', 'barbara', 'edsger', 'frances', 'donald'];
const NOTE_TEMPLATES = [
  'Visited the pricing page twice and downloaded the security whitepaper.',
  'Asked in chat whether we integrate with their ERP and how long onboarding takes.',
  'Opened the last three newsletters; clicked the case study about warehouse automation.',
  'Attended the webinar on agent observability and asked a question about data retention.',
  'Replied to the outbound sequence asking for a call with a solutions engineer next week.',
];

/** Whether the failure `name` of the scenario is switched on and applies on `day` (0-based). */
export function failureOn(scenario, name, day) {
  const failure = scenario.failures?.[name];
  if (!failure?.enabled) return undefined;
  const from = failure.fromDay ?? failure.day;
  const to = failure.toDay ?? (failure.day !== undefined && failure.fromDay === undefined ? failure.day : Infinity);
  return day >= from && day <= to ? failure : undefined;
}

/** Characters of history that make a prompt of `fill` of the model's context window (about 4 characters a token). */
function historyCharactersForFill(fill, contextWindow) {
  return Math.floor(fill * contextWindow * 4);
}

function historyText(seed, id, characters) {
  let text = '';
  for (let note = 0; text.length < characters; note++) {
    text += `${2026 - (note % 5)}-${String((note % 12) + 1).padStart(2, '0')}: ${pick(seed, NOTE_TEMPLATES, id, note)}\n`;
  }
  return text.slice(0, characters);
}

/**
 * The leads of `day`: fresh leads plus resubmissions of earlier ones (a sales rep sending a lead again because it
 * did not show up right in the CRM). `resubmit` lists ids from earlier days that must come back today.
 */
export function leadsOfDay(scenario, day, resubmit = []) {
  const { seed } = scenario;
  const count = scenario.leadsPerDay;
  const creep = failureOn(scenario, 'tokenCreep', day);
  const growth = failureOn(scenario, 'contextGrowth', day);
  const creepFactor = creep ? 1 + creep.perDay * (day - creep.fromDay + 1) : 1;
  const baseCharacters = Math.round(scenario.baseline.historyCharacters * creepFactor);
  const leads = [];
  for (let index = 0; index < count; index++) {
    const id = `L-${day}-${String(index).padStart(3, '0')}`;
    const domain = `${pick(seed, ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka'], id)}-${integer(seed, 1, 999, 'company', id)}.test`;
    let characters = baseCharacters;
    if (growth && fraction(seed, 'growth', id) < growth.share) {
      const fills = growth.fills;
      characters = historyCharactersForFill(fills[index % fills.length], scenario.contextWindow);
    }
    leads.push({
      id,
      email: `${pick(seed, FIRST_NAMES, 'name', id)}@${domain}`,
      domain,
      message: 'Interested in a demo for our team.',
      history: historyText(seed, id, characters),
    });
  }
  return [...leads, ...resubmit];
}
