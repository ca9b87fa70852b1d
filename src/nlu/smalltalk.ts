/**
 * Greetings and thanks, read by rule before the classifier: "hi", "thanks!", "good morning
 * Pulse 👋" get help (a friendly overview of what Pulse does) instead of "outside what I can help
 * with", and a greeting in front of a request ("hi! what was revenue last week?") is set aside so
 * the request is classified on its own words. A bag-of-words model is weakest on one- and two-word
 * messages, which is all a greeting is.
 */
const GREETING = String.raw`(?:hi+|hello+|hey+|heya|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|day)|morning|afternoon|evening|gm|thanks?|thank\s+you|thanx|thnx|thx|ty|tysm|cheers|many\s+thanks|much\s+appreciated|how\s+are\s+you(?:\s+doing)?(?:\s+today)?|how(?:'|’)?s\s+it\s+going|what(?:'|’)?s\s+up|sup)`;
/** Words that may follow a greeting: "thanks a lot", "hi there", "morning all", "thank you so much Pulse". */
const TAIL = String.raw`(?:so\s+much|a\s+lot|a\s+bunch|again|very\s+much|there|pulse|@pulse|bot|team|all|everyone|everybody|guys|folks|mate|you|to\s+you)`;
/** An acknowledgement before thanks: "nice, thank you", "great, thanks". */
const ACK = String.raw`(?:ok(?:ay)?|great|nice|awesome|perfect|cool|brilliant|lovely|super|wonderful)`;
const SEPARATORS = String.raw`[\s!.,;:?~\-()]|\p{Extended_Pictographic}|<@[A-Z0-9]+>`;
const piece = (greeting: string) => String.raw`(?:${ACK}(?:${SEPARATORS})+)?${greeting}(?:(?:${SEPARATORS})+${TAIL})*`;

const ONLY_GREETING = new RegExp(String.raw`^(?:${SEPARATORS})*(?:${piece(GREETING)}(?:${SEPARATORS})*)+$`, 'iu');
/** In front of a request a bare "morning" may be the schedule's ("morning revenue report"): only "good morning" counts. */
const LEADING = GREETING.replace('|morning|afternoon|evening', '');
const LEADING_GREETING = new RegExp(String.raw`^(?:${SEPARATORS})*(?:${piece(LEADING)}(?:${SEPARATORS})+)+`, 'iu');

/** Questions about Pulse itself: "who are you?", "what can you do", "are you a bot?", "what is this". */
const ABOUT_PULSE = new RegExp(
  String.raw`(?:` +
  [
    String.raw`^(?:so\s+|and\s+|but\s+)?(?:who|what)\s+(?:are|r)\s+(?:you|u)(?:\s+exactly|\s+again)?`,
    String.raw`^(?:so\s+)?(?:what|who)\s+(?:is|'s|’s)\s+(?:this|pulse|this\s+(?:bot|thing|app))`,
    String.raw`^who\s+(?:made|built|created|wrote|programmed)\s+(?:you|pulse|this(?:\s+bot)?)`,
    String.raw`^what\s+(?:do|can|could|does)\s+(?:you|u|pulse|this\s+bot|it)\s+(?:do|help\s+(?:me\s+)?with)(?:\s+for\s+(?:me|us))?`,
    String.raw`^what\s+are\s+you\s+(?:for|good\s+at|able\s+to\s+do|capable\s+of)`,
    String.raw`^what\s+(?:do|can)\s+you\s+(?:know|understand)(?:\s+how\s+to\s+do)?`,
    String.raw`^who\s+am\s+i\s+(?:talking|speaking|chatting)\s+(?:to|with)`,
    String.raw`^(?:please\s+)?(?:introduce|describe)\s+yourself`,
    String.raw`^(?:tell\s+me|talk\s+to\s+me)\s+(?:a\s+bit\s+|more\s+)?about\s+(?:yourself|pulse|you)`,
    String.raw`^are\s+you\s+(?:a\s+|an\s+)?(?:bot|robot|human|real|person|ai|machine|chatbot)`,
    // Asking for Pulse's documentation: "is there a manual", "give me the cheat sheet", "what's the syntax for allocate".
    String.raw`^(?:is\s+there|do\s+you\s+have|have\s+you\s+got|got|give\s+me|send\s+me|show\s+me|where(?:'s|’s|\s+is|\s+are)|can\s+i\s+(?:see|get|have))\s+(?:a\s+|an\s+|the\s+|your\s+|some\s+)?(?:user\s+)?(?:manual|man\s+page|guide|cheat\s*sheet|docs|documentation|help\s+page|faq|instructions)(?:\s+(?:for|of|on)\s+(?:the\s+)?(?:commands|pulse|you|this(?:\s+bot)?|the\s+bot))?`,
    String.raw`^(?:the\s+)?(?:man\s+page|manual|user\s+guide|cheat\s*sheet)`,
    String.raw`^(?:what(?:'s|’s|\s+is)\s+the\s+)?syntax\s+(?:for|of)\s+(?:the\s+)?\w+(?:\s+command)?`,
    String.raw`^(?:hlep|hepl|halp|hekp)`,
    String.raw`^i\s+(?:don't|don’t|dont|do\s+not)\s+know\s+(?:what\s+to\s+(?:do|ask|type)|where\s+to\s+start)`,
  ]
    .map((pattern) => String.raw`(?:${pattern})`)
    .join('|') +
    String.raw`)\s*[?!.]*\s*$`,
  'iu',
);

/** A question about Pulse itself, answered with help. */
export function isAboutPulse(text: string): boolean {
  return ABOUT_PULSE.test(withoutGreeting(text).trim());
}

/**
 * Goodbyes and reactions ("bye", "see you tomorrow", "great job", "lol", "never mind"): nothing to
 * do, so out_of_scope by rule rather than by a guess from two words.
 */
const CHATTER = new RegExp(
  String.raw`^(?:${SEPARATORS})*(?:` +
    [
      String.raw`(?:good\s*)?bye(?:\s*bye)?|bye\s+for\s+now|cya|see\s+(?:you|ya)(?:\s+(?:tomorrow|later|soon|next\s+week|around))?|talk\s+(?:soon|later|tomorrow)|later|good\s*night|night|have\s+a\s+(?:nice|good|great)\s+(?:day|evening|weekend|one)`,
      String.raw`ok(?:ay)?|k|cool|nice(?:\s+one)?|great(?:\s+(?:job|work|stuff))?|well\s+done|awesome|amazing|lol|haha+|hmm+|wow|yay|sure|fine|you(?:'re|’re|\s+are)\s+(?:awesome|great|amazing|the\s+best|useless|rubbish|stupid|funny)`,
      String.raw`sorry|oops|never\s*mind|nvm|no\s+worries|no\s+problem|np`,
    ].join('|') +
    String.raw`)(?:(?:${SEPARATORS})+${TAIL})*(?:${SEPARATORS})*$`,
  'iu',
);

/** The whole message is a goodbye or a reaction: out_of_scope. */
export function isChatter(text: string): boolean {
  return CHATTER.test(text);
}

/** The whole message is a greeting or thanks (or only question marks: `?` is help's alias). */
export function isGreeting(text: string): boolean {
  return ONLY_GREETING.test(text) || /^\s*\?+\s*$/.test(text);
}

/** The message without a greeting in front ("hey pulse, how many orders…" → "how many orders…"). */
export function withoutGreeting(text: string): string {
  const match = LEADING_GREETING.exec(text);
  if (!match) return text;
  const rest = text.slice(match[0].length);
  return rest.trim() === '' ? text : rest;
}
