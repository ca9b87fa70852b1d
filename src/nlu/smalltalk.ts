/**
 * Greetings and thanks, read by rule before the classifier: "hi", "thanks!", "good morning
 * Pulse 👋" get help (a friendly overview of what Pulse does) instead of "outside what I can help
 * with", and a greeting in front of a request ("hi! what was revenue last week?") is set aside so
 * the request is classified on its own words. A bag-of-words model is weakest on one- and two-word
 * messages, which is all a greeting is.
 */
const GREETING = String.raw`(?:hi+|hello+|hey+|heya|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|day)|morning|afternoon|evening|gm|thanks?|thank\s+you|thanx|thnx|thx|ty|tysm|cheers|many\s+thanks|much\s+appreciated|how\s+are\s+you(?:\s+doing)?(?:\s+today)?|how(?:'|’)?s\s+it\s+going|what(?:'|’)?s\s+up|sup|(?:nice|good|great|pleased)\s+to\s+meet\s+you)`;
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
  String.raw`^(?:(?:so|and|but|ok|okay|well|then)[\s,]+)?(?:` +
  [
    String.raw`(?:who|what)\s+(?:are|r)\s+(?:you|u)(?:\s+again)?`,
    String.raw`(?:what|who)\s+(?:is|'s|’s)\s+(?:this|pulse|this\s+(?:bot|thing|app))(?:\s+(?:thing|bot|app))?`,
    String.raw`who\s+(?:made|built|created|wrote|programmed)\s+(?:you|pulse|this(?:\s+bot)?)`,
    String.raw`what\s+(?:do|can|could|does)\s+(?:you|u|pulse|this\s+bot|it)\s+(?:do|help\s+(?:me\s+|us\s+)?with)(?:\s+for\s+(?:me|us|(?:a|the|my|our)(?:\s+\w+){1,3}))?(?:\s+here)?`,
    String.raw`what\s+are\s+you\s+(?:for|good\s+at|able\s+to\s+do(?:\s+for\s+(?:me|us))?|capable\s+of)`,
    String.raw`how\s+(?:am\s+i|are\s+we|do\s+i|do\s+we|should\s+i|can\s+i)\s+(?:supposed\s+to\s+|meant\s+to\s+)?(?:use|talk\s+to|work\s+with)\s+(?:you|pulse|this(?:\s+(?:bot|thing))?|it|the\s+bot)`,
    String.raw`what\s+(?:do|can)\s+you\s+(?:know|understand)(?:\s+how\s+to\s+do)?`,
    String.raw`who\s+am\s+i\s+(?:talking|speaking|chatting)\s+(?:to|with)`,
    String.raw`(?:please\s+)?(?:introduce|describe)\s+yourself`,
    String.raw`(?:tell\s+me|talk\s+to\s+me)\s+(?:a\s+bit\s+|more\s+)?about\s+(?:yourself|pulse|you)`,
    String.raw`are\s+you\s+(?:a\s+|an\s+)?(?:bot|robot|human|real|person|ai|machine|chatbot)`,
    // Asking for Pulse's documentation: "is there a manual", "give me the cheat sheet", "what's the syntax for allocate".
    String.raw`(?:is\s+there|do\s+you\s+have|have\s+you\s+got|got|give\s+me|send\s+me|show\s+me|where(?:'s|’s|\s+is|\s+are)|can\s+i\s+(?:see|get|have))\s+(?:a\s+|an\s+|the\s+|your\s+|some\s+)?(?:user\s+)?(?:manual|man\s+page|guide|cheat\s*sheet|docs|documentation|help\s+page|faq|instructions)(?:\s+(?:for|of|on)\s+(?:the\s+)?(?:commands|pulse|you|this(?:\s+bot)?|the\s+bot))?`,
    String.raw`(?:the\s+)?(?:man\s+page|manual|user\s+guide|cheat\s*sheet)`,
    String.raw`(?:what(?:'s|’s|\s+is)\s+the\s+)?syntax\s+(?:for|of)\s+(?:the\s+)?\w+(?:\s+command)?`,
    String.raw`(?:hlep|hepl|halp|hekp|hlp|hellp)`,
    // "how do alerts work", "how does the schedule thing work": how one of Pulse's features works.
    String.raw`how\s+(?:do|does|would|will)\s+(?:the\s+|your\s+|these\s+)?(?:alerts?|schedul\w*|forecasts?|forecasting|segments?|segmentation|allocations?|budget(?:\s+allocation)?|metrics?|clv|churn\s+predictions?|retrain\w*|imports?|feedback)(?:\s+(?:thing|feature|command|bit))?\s+work`,
    String.raw`i\s+(?:don't|don’t|dont|do\s+not)\s+know\s+(?:what\s+to\s+(?:do|ask|type)|where\s+to\s+start)`,
  ]
    .map((pattern) => String.raw`(?:${pattern})`)
    .join('|') +
    String.raw`)\s*[?!.]*\s*$`,
  'iu',
);

/** Words that add nothing to a question about Pulse ("so what exactly can you do"). */
const FILLER = /\s+(?:exactly|actually|really|even|just|ever)\b/giu;

/**
 * How to use Pulse: "how do i set up a schedule", "how should i phrase a question about churn",
 * "what words do i use to get a budget split out of you", "how do i give feedback". A how-to opening,
 * then asking/phrasing (about anything), or another verb with something Pulse has; a request with
 * figures in it ("how do i cancel schedule 3", "how should i split 50k") is a request, not a how-to.
 */
const HOW_TO_OPENING = String.raw`^(?:(?:so|and|but|ok|okay|well)[\s,]+)?(?:how\s+(?:do|can|could|should|would)\s+(?:i|we|one|you)|how\s+to|what(?:'s|’s|\s+is)\s+the\s+(?:right|best|correct|easiest)\s+way\s+to|what\s+(?:words|phrases|wording|commands?)\s+(?:do|should|can|would)\s+(?:i|we)\s+(?:use|type|say)|is\s+there\s+a\s+way\s+to|(?:can|could)\s+you\s+(?:show|tell|explain\s+to)\s+(?:me|us)\s+how\s+to|(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?explain(?:\s+to\s+(?:me|us))?\s+how\s+to)\b`;
const HOW_TO_TALK = new RegExp(String.raw`${HOW_TO_OPENING}.*\b(?:ask|asking|phrase|word|say|type|write|request|talk|query|give\s+feedback|feedback|correct\s+you|teach\s+you)\b`, 'iu');
const HOW_TO_DO = new RegExp(String.raw`${HOW_TO_OPENING}.*\b(?:use|set\s*up|create|make|add|read|interpret|understand|get|see|find|cancel|delete|remove|change|edit|pause|stop|schedule|run|start|(?:turn|switch)\s+(?:on|off)|export|download|share|list|retrain)\b`, 'iu');
const PULSE_THINGS = /\b(?:you|pulse|the\s+bot|commands?|schedules?|scheduling|digests?|forecasts?|intervals?|alerts?|segments?|segmentation|allocations?|budget\s+splits?|reports?|feedback|charts?|models?|syntax)\b/iu;
const HAS_FIGURES = /\d|\b(?:last|next|this|past|coming)\s+(?:week|month|quarter|year|\d)|\byesterday\b|\btoday\b/iu;

function isHowTo(text: string): boolean {
  return !HAS_FIGURES.test(text) && (HOW_TO_TALK.test(text) || (HOW_TO_DO.test(text) && PULSE_THINGS.test(text)));
}

const CLAUSE_BREAK = /\s*(?:[,;:!?.]+\s*|\s+(?:and|but|or)\s+)/u;

/**
 * A question about Pulse itself or how to use it, answered with help; in several clauses, each a
 * greeting or such a question ("hello pulse, nice to meet you", "who made you and what are you for").
 */
export function isAboutPulse(text: string): boolean {
  const request = withoutGreeting(text).trim().replace(FILLER, '');
  if (ABOUT_PULSE.test(request) || isHowTo(request)) return true;
  const clauses = request.split(CLAUSE_BREAK).map((clause) => clause.trim()).filter((clause) => clause !== '');
  return clauses.length > 1 && clauses.every((clause) => ONLY_GREETING.test(clause) || ABOUT_PULSE.test(clause) || isHowTo(clause));
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

const THANKS = new RegExp(String.raw`^(?:${SEPARATORS})*(?:${piece(String.raw`(?:thanks?|thank\s+you|thanx|thnx|thx|ty|tysm|cheers|many\s+thanks|much\s+appreciated)`)}(?:${SEPARATORS})*)+$`, 'iu');

/** The whole message is thanks ("thanks!", "great, thank you Pulse"): a short answer, not the command list. */
export function isThanks(text: string): boolean {
  return THANKS.test(text);
}

/** The message without a greeting in front ("hey pulse, how many orders…" → "how many orders…"). */
export function withoutGreeting(text: string): string {
  const match = LEADING_GREETING.exec(text);
  if (!match) return text;
  const rest = text.slice(match[0].length);
  return rest.trim() === '' ? text : rest;
}
