// Keys made from names ("3rd line support" -> "role_3rd_line_support"): lower case, a letter first, at most 63 characters.

/** A key for a name: words joined by `separator`, `prefix` in front when the name does not start with a letter. */
export function keyFrom(name: string, prefix: string, separator: '_' | '-' = '_'): string {
  const words = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, separator)
    .split(separator)
    .filter(Boolean)
    .join(separator);
  const key = /^[a-z]/.test(words) ? words : words ? `${prefix}${separator}${words}` : prefix;
  return key.slice(0, 63).replace(/[-_]+$/, '');
}
