// The secret of a token just created: shown once, here, and never again.
import type { Ref } from 'react';
import { CopyField } from '../../../ui/copy-field.tsx';
import type { IssuedToken } from '../api/tokens.api.ts';
import { roleLabel } from '../../../ui/labels.ts';

type IssuedTokenPanelProps = { issued: IssuedToken; origin: string; onDismiss: () => void; ref?: Ref<HTMLElement> };

export function IssuedTokenPanel({ issued, origin, onDismiss, ref }: IssuedTokenPanelProps) {
  const example = `BATON_URL=${origin} BATON_TOKEN=${issued.secret} npx baton win <opportunity-id>`;
  return (
    <section ref={ref} tabIndex={-1} className="panel issued-token" aria-labelledby="issued-token-title" data-testid="issued-token">
      <h2 id="issued-token-title">Token "{issued.token.name}" created</h2>
      <p className="notice">
        <strong>Copy the secret now: you will not see it again.</strong> Baton keeps only a hash of it. If it is lost, revoke this token and create a new one.
      </p>
      <CopyField
        label="Secret"
        value={issued.secret}
        description={`Send it as "Authorization: Bearer <secret>". It acts as the ${roleLabel(issued.token.role)} role.`}
      />
      <CopyField label="Example: mark a deal won from a shell" value={example} multiline />
      <div>
        <button type="button" className="button" onClick={onDismiss}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
