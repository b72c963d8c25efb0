import { realClock, type Clock } from '../time.js';
import { type SigningKeys, UnknownSigningKeyError } from './signing-key-errors.js';

/**
 * Fetching the keys again is for a rotation, which is rare; a forged link can name any version,
 * so a container asks the secret store at most once this often, however many such links arrive.
 */
export const REFETCH_INTERVAL_MS = 30_000;

/**
 * The signing keys one container knows. They are read at start; after a rotation a newer digest
 * container signs with a key this one has not seen, so a link naming an unknown version makes it
 * fetch the keys again (at most once per REFETCH_INTERVAL_MS, one fetch shared by concurrent callers).
 */
export class SigningKeyring {
  private keys: SigningKeys;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;

  /** Without `fetchKeys` (keys from the environment) the keys never change. */
  constructor(
    keys: SigningKeys,
    private readonly fetchKeys?: () => Promise<SigningKeys>,
    private readonly clock: Clock = realClock,
  ) {
    this.keys = keys;
  }

  get current(): SigningKeys {
    return this.keys;
  }

  /**
   * Keys that hold `version`, fetched anew when the ones in memory do not and the interval allows;
   * null when the version stays unknown. A failed fetch is thrown (and still counts for the interval).
   */
  async knowing(version: string): Promise<SigningKeys | null> {
    if (this.keys.keys.has(version)) return this.keys;
    if (!this.fetchKeys) return null;
    if (!this.inFlight) {
      if (this.clock.now() - this.lastFetchAt < REFETCH_INTERVAL_MS) return null;
      this.lastFetchAt = this.clock.now();
      this.inFlight = this.fetchKeys()
        .then((keys) => {
          this.keys = keys;
        })
        .finally(() => {
          this.inFlight = null;
        });
    }
    await this.inFlight;
    return this.keys.keys.has(version) ? this.keys : null;
  }

  /**
   * What `check` makes of a link under the keys in memory; a link signed with a key version they
   * lack is checked once more under keys fetched anew (knowing), and still refused if that fails.
   */
  async verify<Claim>(check: (keys: SigningKeys) => Claim): Promise<Claim> {
    try {
      return check(this.keys);
    } catch (error) {
      if (!(error instanceof UnknownSigningKeyError)) throw error;
      const keys = await this.knowing(error.version);
      if (!keys) throw error;
      return check(keys);
    }
  }
}
