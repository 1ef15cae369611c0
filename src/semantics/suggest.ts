import { distance } from "fastest-levenshtein";

/**
 * The closest candidate to a misspelt name, if it is close enough to be a plausible
 * typo (one edit for names under four letters, else two or a third of the length).
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Short names allow one edit; from four letters on, two (a swapped pair: adma → adam).
  const allowed = name.length >= 4 ? Math.max(2, Math.floor(name.length / 3)) : 1;
  return bestDistance <= allowed ? best : undefined;
}

/** "did you mean 'conv2d'?" or undefined. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const best = closestName(name, candidates);
  return best === undefined ? undefined : `did you mean '${best}'?`;
}
