// What the mock LLM answers on a given day: one scripted verdict per lead (right or wrong, confident or not,
// well-formed or not, at the day's rates) and, once the provider swaps the checkpoint, the new checkpoint.
import { companyProfile, isQualified } from './companies.mjs';
import { failureOn } from './leads.mjs';
import { fraction } from './random.mjs';

/** The day's answer rates: the baseline, overridden by the failures in force. */
export function answerRates(scenario, day) {
  const rates = { ...scenario.baseline };
  const swap = failureOn(scenario, 'modelSwap', day);
  if (swap) Object.assign(rates, swap.rates);
  const escalationRise = failureOn(scenario, 'escalationRise', day);
  if (escalationRise) rates.lowConfidenceRate = escalationRise.lowConfidenceRate;
  return rates;
}

function ownerTeam(employees) {
  return employees >= 1000 ? 'enterprise' : employees >= 200 ? 'mid-market' : 'smb';
}

/** The verdict the model gives for `lead` on `day`, as the JSON text it answers with. */
export function verdictText(scenario, day, lead) {
  const { seed } = scenario;
  const rates = answerRates(scenario, day);
  const profile = companyProfile(lead.domain);
  const truth = isQualified(profile);
  if (fraction(seed, 'malformed', day, lead.id) < rates.malformedAnswerRate) {
    return `{"qualified": "${truth ? 'yes' : 'no'}", "score": "high", "reason": "looks promising"`;
  }
  const wrong = fraction(seed, 'wrong', day, lead.id) < rates.wrongAnswerRate;
  const unsure = fraction(seed, 'unsure', day, lead.id) < rates.lowConfidenceRate;
  const qualified = wrong ? !truth : truth;
  return JSON.stringify({
    qualified,
    score: qualified ? 0.7 + fraction(seed, 'score', lead.id) * 0.3 : fraction(seed, 'score', lead.id) * 0.3,
    confidence: unsure
      ? 0.3 + fraction(seed, 'confidence', lead.id) * 0.25
      : 0.75 + fraction(seed, 'confidence', lead.id) * 0.25,
    ownerTeam: ownerTeam(profile.employees),
    reason: `${profile.employees} employees in ${profile.country}, ${profile.industry}`,
  });
}

/** The mock server's scenario for `day`, for the leads of that day. */
export function llmScenarioForDay(scenario, day, leads) {
  const swap = failureOn(scenario, 'modelSwap', day);
  return {
    seed: scenario.seed,
    responses: leads.map((lead) => ({ match: `Lead ${lead.id} `, content: verdictText(scenario, day, lead) })),
    ...(swap ? { checkpointSwap: { afterCalls: 0, model: scenario.model, toModel: swap.toModel } } : {}),
  };
}
