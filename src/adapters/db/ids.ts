// Ids are UUID v7: unique, and ordered by creation, which keyset pagination relies on.
import { v7 } from 'uuid';

export const newId = (): string => v7();
