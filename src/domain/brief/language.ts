// Which language a source is written in, by its most common short words. The embedded extractor reads English
// only: a source in another language is named in the brief as not read, never guessed at.
const commonWords: Record<string, string[]> = {
  English: 'the and to of we you is for in that it with on be will our this are have not can your they at as from'.split(' '),
  Spanish: 'el la los las que de y en para con por una un es no nos su al lo del se como más pero muy'.split(' '),
  French: 'le la les et des pour une un est nous vous pas que qui dans sur avec au du ce sont être ne'.split(' '),
  German: 'der die das und ist wir nicht mit für ein eine zu den dem von auf sie ich es auch im bei'.split(' '),
  Dutch: 'de het en een van wij niet met voor zijn op te dat ook we ik bij naar om aan er'.split(' '),
  Portuguese: 'o os as que de e em para com uma um não nós por do da dos das se mais mas muito'.split(' '),
  Italian: 'il la le che di e per con una un non noi sono del della dei nel si anche ma molto'.split(' '),
};
const sets = Object.entries(commonWords).map(([name, words]) => [name, new Set(words)] as const);

/** The source's language when it is plainly not English ("Spanish"); null for English or too little text to tell. */
export function nonEnglishLanguage(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  if (words.length < 12) return null;
  const hits = sets.map(([name, set]) => [name, words.filter((w) => set.has(w)).length] as const);
  const english = hits.find(([name]) => name === 'English')![1];
  const best = hits.filter(([name]) => name !== 'English').sort((a, b) => b[1] - a[1])[0]!;
  return best[1] >= 4 && best[1] >= 2 * english ? best[0] : null;
}
