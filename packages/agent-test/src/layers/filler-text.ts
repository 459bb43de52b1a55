const NOTES = [
  'Called the main office and left a message with the receptionist about the renewal.',
  'The customer asked for the security questionnaire and a copy of the data processing agreement.',
  'Follow-up meeting moved to next Thursday because the procurement lead is travelling.',
  'They compared three vendors last quarter and shortlisted two of them for a pilot.',
  'Budget for the next fiscal year is expected to be approved in the second month.',
  'Support tickets mention slow exports from the reporting module during month-end close.',
];

/** About `characters` characters of plausible history notes, the same every time. */
export function fillerText(characters: number): string {
  let text = '';
  for (let note = 0; text.length < characters; note++) {
    text += `Note ${note + 1}: ${NOTES[note % NOTES.length]}\n`;
  }
  return text.slice(0, Math.max(0, characters));
}

/** Characters per token assumed for the first padded run; the measured fill corrects it. */
export const CHARACTERS_PER_TOKEN = 4;
