/** What a person sees while the coach works, so a slow model answer never looks like silence. */
export const THINKING = ':hourglass_flowing_sand: _Looking that up in the knowledge base…_';
