// The small markup a document template produces: headings (#, ##, ###), paragraphs, lists (- item) and tables
// (| a | b | rows, the first one the header, a |---| line ignored). One parse feeds both the HTML preview and the PDF.
export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; header: string[]; rows: string[][] };

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

const isRule = (line: string) => /^\|?\s*:?-{2,}/.test(line.trim()) && /^[\s|:-]+$/.test(line);

/** The blocks of a rendered template, in order; blank lines end a paragraph, list or table. */
export function parseMarkup(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const last = blocks[blocks.length - 1];
    if (!line) {
      flush();
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]!.length as 1 | 2 | 3, text: heading[2]!.trim() });
    } else if (/^[-*]\s+/.test(line)) {
      flush();
      const item = line.replace(/^[-*]\s+/, '');
      if (last?.type === 'list' && paragraph.length === 0) last.items.push(item);
      else blocks.push({ type: 'list', items: [item] });
    } else if (line.startsWith('|')) {
      flush();
      if (isRule(line)) continue;
      if (last?.type === 'table') last.rows.push(cells(line));
      else blocks.push({ type: 'table', header: cells(line), rows: [] });
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The blocks as HTML for the preview; every text is escaped, so a deal's data cannot add markup or script. */
export function markupToHtml(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
          return `<h${b.level}>${escape(b.text)}</h${b.level}>`;
        case 'paragraph':
          return `<p>${escape(b.text)}</p>`;
        case 'list':
          return `<ul>${b.items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`;
        case 'table':
          return (
            `<table><thead><tr>${b.header.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead>` +
            `<tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
          );
      }
    })
    .join('\n');
}

/** A template's output value as inline text: one line, and no cell separator that would split a table row. */
export const inlineText = (value: string): string => value.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '/');
