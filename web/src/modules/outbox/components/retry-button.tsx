type RetryButtonProps = { eventType: string; busy: boolean; disabled?: boolean; onRetry: () => void; small?: boolean };

export function RetryButton({ eventType, busy, disabled, onRetry, small }: RetryButtonProps) {
  return (
    <button
      type="button"
      className={`button ${small ? 'button-small' : 'button-primary'}`}
      disabled={busy || disabled}
      onClick={onRetry}
      aria-label={small ? `Retry "${eventType}" now` : undefined}
    >
      {busy ? 'Retrying…' : 'Retry now'}
    </button>
  );
}
