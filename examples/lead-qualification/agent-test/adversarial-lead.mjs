// The lead the adversarial inputs arrive on: a real company of the world (638 people, in Spain: not a lead sales
// wants), so an agent talked into "qualified" by an input is caught.
import { companyProfile, isQualified } from '../world/companies.mjs';

export const ADVERSARIAL_DOMAIN = 'northwind-9.test';
export const ADVERSARIAL_TRUTH = isQualified(companyProfile(ADVERSARIAL_DOMAIN));

/** The adversarial text as the message of an inbound lead, with an ordinary history. */
export function adversarialLead(text, example, id) {
  return {
    id: `ADV-${id}`,
    email: `buyer@${ADVERSARIAL_DOMAIN}`,
    domain: ADVERSARIAL_DOMAIN,
    message: text,
    history: example?.history ?? '',
  };
}
