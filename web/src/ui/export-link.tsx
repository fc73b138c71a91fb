// "Export CSV": a download of what the list shows (the server streams the file; the session cookie authenticates it).
import { withQuery } from './http.ts';

type ExportLinkProps = {
  /** The export's path, e.g. /api/exports/deals.csv. */
  path: string;
  query?: Record<string, string | number | undefined>;
  small?: boolean;
  label?: string;
};

export function ExportLink({ path, query = {}, small = false, label = 'Export CSV' }: ExportLinkProps) {
  return (
    <a className={small ? 'button button-small' : 'button'} href={withQuery(path, query)} download>
      {label}
    </a>
  );
}
