/** Splits text into the delta pieces of a stream: about `size` characters each, words kept whole when possible. */
export function splitIntoPieces(text: string, size = 12): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of text.match(/\S+\s*|\s+/g) ?? []) {
    if (current !== '' && current.length + word.length > size) {
      pieces.push(current);
      current = '';
    }
    current += word;
    while (current.length > size * 2) {
      pieces.push(current.slice(0, size));
      current = current.slice(size);
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
