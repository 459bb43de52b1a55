/** Characters that render as nothing: zero-width spaces and joiners, bidi controls, soft hyphens, selectors. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
/** Runs of Unicode tag characters, which mirror ASCII invisibly ("ASCII smuggling"): decoded as a word, not dropped. */
const TAG_RUN = /[\u{E0020}-\u{E007E}]+/gu;

/** Cyrillic and Greek letters that look like Latin ones, as the Latin letter. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  ı: 'i',
  ο: 'o',
  α: 'a',
  ε: 'e',
  ι: 'i',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  κ: 'k',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');

function untag(tag: string): string {
  return String.fromCharCode((tag.codePointAt(0) as number) - 0xe0000);
}

/** Anything but printable ASCII and ordinary whitespace. */
const NOT_PLAIN = /[^ -~\t\n\r]/;

/**
 * Text as a pattern should see it: Unicode tag characters decoded to the ASCII they hide, compatibility forms
 * folded (full-width and mathematical letters, ligatures), invisible characters removed, Cyrillic and Greek
 * look-alikes mapped to Latin. ASCII text is returned as is,
 * with no copy.
 */
export function foldForMatching(text: string): string {
  if (!NOT_PLAIN.test(text)) return text;
  return text
    .replace(TAG_RUN, (run) => ` ${[...run].map(untag).join('')} `)
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(LOOK_ALIKE, (character) => LOOK_ALIKES[character] ?? character);
}
