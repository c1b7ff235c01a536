/**
 * Words that carry no topic: English function words plus the question and chat filler people
 * wrap around a question ("hi, can you tell me how we should..."). Dropped before ranking and
 * before judging whether a question is on topic. Contractions typed without their apostrophe
 * ("theyre", "dont") are function words too, as are the words that only ask for a check or a
 * summary ("is it true", "legit?", "a one liner").
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above acronym anyway define definition meaning basically folks guys stuff till kind sort maybe perhaps currently actually after again against all also am an and any anyone anything are aren arent as ask at be
  because been before being below best between both but by can cannot could couldn did didn do does doesn doing don
  done down during each else even ever every explain few for from further get gets getting give go going good got had
  has have having he hello help her here hers herself hey hi him himself his how however i if in into is isn it its
  itself just know let like lot lots me mean means might more most much must my myself need needs no nor not now of
  off often ok okay on once one only or other ought our ours ourselves out over own please pls really right said same
  say says see seem she should so some something still such sure tell than thank thanks that thats the their theirs
  them themselves then there these they thing things think this those though through thx to too try under until up
  us use used using very want wants was way ways we well were what whats when where whether which while who whom whose
  why will with would yes yet you your yours yourself yourselves
  theyre youre weve ive im cant wont isnt wasnt werent doesnt didnt dont hasnt havent hadnt shouldnt wouldnt
  couldnt whos hows wheres theres heres dunno gonna wanna gotta
  true legit tldr liner`.split(/\s+/),
);
