// The top bar's search: deals, accounts, contacts and projects as you type, grouped by kind; arrows and Enter
// open one (a combobox with a listbox, as the ARIA authoring practices describe).
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { navigate } from '../../../ui/router.tsx';
import { searchRecords, type SearchHit, type SearchKind } from '../api/search.api.ts';

const kinds: { kind: SearchKind; title: string }[] = [
  { kind: 'deal', title: 'Deals' },
  { kind: 'account', title: 'Accounts' },
  { kind: 'contact', title: 'Contacts' },
  { kind: 'project', title: 'Projects' },
];

type State = { q: string; items: SearchHit[]; error: string | null; loading: boolean };

export function GlobalSearch() {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ q: '', items: [], error: null, loading: false });
  const [active, setActive] = useState(-1);
  const box = useRef<HTMLDivElement>(null);
  const q = text.trim();

  useEffect(() => {
    if (q.length < 2) {
      setState({ q, items: [], error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      searchRecords(q).then(
        (result) => live && (setState({ q, items: result.items, error: null, loading: false }), setActive(-1)),
        (error: unknown) => live && setState({ q, items: [], error: error instanceof Error ? error.message : String(error), loading: false }),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  // Clicking elsewhere closes the results.
  useEffect(() => {
    const away = (event: MouseEvent) => {
      if (box.current && !box.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, []);

  // The listbox's order: grouped by kind, as shown.
  const ordered = kinds.flatMap(({ kind }) => state.items.filter((i) => i.kind === kind));
  const showing = open && q.length >= 2;
  const optionId = (i: number) => `${id}-option-${i}`;

  const go = (hit: SearchHit) => {
    setOpen(false);
    setText('');
    navigate(hit.link);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (!ordered.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (current + step + ordered.length + (current < 0 && step < 0 ? 1 : 0)) % ordered.length);
    } else if (event.key === 'Enter') {
      const hit = ordered[active] ?? (ordered.length === 1 ? ordered[0] : undefined);
      if (hit) {
        event.preventDefault();
        go(hit);
      }
    } else if (event.key === 'Escape') {
      if (showing) {
        event.preventDefault();
        setOpen(false);
      } else setText('');
    }
  };

  let index = -1;
  return (
    <div className="global-search" ref={box} role="search">
      <label className="visually-hidden" htmlFor={`${id}-input`}>
        Search deals, accounts, contacts and projects
      </label>
      <input
        id={`${id}-input`}
        className="global-search-input"
        type="search"
        placeholder="Search…"
        autoComplete="off"
        role="combobox"
        aria-expanded={showing}
        aria-controls={`${id}-results`}
        aria-autocomplete="list"
        aria-activedescendant={showing && active >= 0 ? optionId(active) : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {showing ? (
        <div className="global-search-results" id={`${id}-results`} role="listbox" aria-label="Search results">
          {state.error ? <p className="global-search-note">{state.error}</p> : null}
          {!state.error && ordered.length === 0 ? (
            <p className="global-search-note">{state.loading || state.q !== q ? 'Searching…' : `Nothing matches “${q}”`}</p>
          ) : null}
          {kinds.map(({ kind, title }) => {
            const hits = ordered.filter((i) => i.kind === kind);
            if (!hits.length) return null;
            return (
              <div key={kind} role="group" aria-labelledby={`${id}-${kind}`} className="global-search-group">
                <div id={`${id}-${kind}`} className="global-search-kind" role="presentation">
                  {title}
                </div>
                {hits.map((hit) => {
                  index += 1;
                  const i = index;
                  return (
                    <div
                      key={hit.id}
                      id={optionId(i)}
                      role="option"
                      aria-selected={i === active}
                      className={`global-search-option ${i === active ? 'global-search-option-active' : ''}`}
                      onMouseEnter={() => setActive(i)}
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => go(hit)}
                    >
                      <span className="global-search-label">{hit.label}</span>
                      {hit.sublabel ? <span className="global-search-sublabel">{hit.sublabel}</span> : null}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
