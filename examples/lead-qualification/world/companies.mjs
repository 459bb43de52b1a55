// The companies behind the leads: what the enrichment API knows, and the truth a good model should find.
import { fraction, integer, pick } from './random.mjs';

const INDUSTRIES = ['software', 'logistics', 'retail', 'healthcare', 'manufacturing', 'finance', 'education'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'NL', 'SE', 'ES', 'CA'];

/** The enrichment record of a company, a pure function of its domain. */
export function companyProfile(domain) {
  return {
    domain,
    employees: integer(0, 3, 4000, 'employees', domain),
    industry: pick(0, INDUSTRIES, 'industry', domain),
    country: pick(0, COUNTRIES, 'country', domain),
    annualRevenueUsd: Math.round(fraction(0, 'revenue', domain) * 200) * 1_000_000,
  };
}

/** The rule sales wants applied: a company of 50+ people in a market we sell to. */
export function isQualified(profile) {
  return profile.employees >= 50 && profile.country !== 'ES';
}
