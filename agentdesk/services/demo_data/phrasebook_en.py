"""What English-speaking customers and agents say at the demo desk, after the tpWallet FAQ."""

# ruff: noqa: E501 - each line is one sentence of the phrasebook; wrapping it would hide it

from __future__ import annotations

from agentdesk.db.models import CallOutcome, FailureCode
from agentdesk.services.demo_data.phrasebook import (
    COMPLAINT,
    CONTACT,
    FAILED,
    FAILED_TOPICS,
    FEEDBACK,
    FROZEN,
    PASSWORD,
    SECURITY,
    TWO_STEP_OFF,
    Case,
    Phrasebook,
)

_INSUFFICIENT = FAILED_TOPICS[FailureCode.INSUFFICIENT_BALANCE]
_WRONG_PASSWORD = FAILED_TOPICS[FailureCode.WRONG_PAYMENT_PASSWORD]
_NETWORK = FAILED_TOPICS[FailureCode.NETWORK_ERROR]
_LIMIT = FAILED_TOPICS[FailureCode.SECURITY_LIMIT]
_OTHER = FAILED_TOPICS[FailureCode.OTHER]

EN = Phrasebook(
    openers=(
        "Hi.",
        "Hello!",
        "Hi there!",
        "Hey.",
        "Good morning.",
        "Hello support.",
        "Hi team!",
        "Quick question:",
        "",
        "",
        "Hello, I need some help.",
        "Urgent:",
        "Hi, hope you can help.",
    ),
    closers=(
        "Thanks!",
        "Thanks in advance.",
        "Please help asap.",
        "Appreciate it.",
        "",
        "",
        "Cheers.",
        "Thank you.",
        "Please get back to me soon.",
        "Any help is appreciated.",
    ),
    email_salutations=(
        "Hello,",
        "Dear tpWallet Support,",
        "Hi team,",
        "To whom it may concern,",
        "Hi,",
    ),
    email_signoffs=(
        "Thanks,\n{name}",
        "Best regards,\n{name}",
        "Kind regards,\n{name}",
        "Regards,\n{name}\n{phone}",
    ),
    cases={
        PASSWORD: (
            Case(
                asks=(
                    "I forgot my login password. How do I reset it?",
                    "I can't remember my tpWallet password, how can I get back into my account?",
                    "Forgot my password and fingerprint login stopped working. Is there another way in?",
                    "Haven't used the app in months and I have no idea what my password is.",
                ),
                answers=(
                    'On the login screen tap "Forgot password?", enter your registered phone number or email, and we\'ll send a code or reset link so you can set a new password.',
                    'Open the tpWallet login page, tap "Forgot password?" and enter {email_masked} or your phone number; after verifying the code you can set a new password.',
                    "Once it's reset, just log in with the new password. A strong one mixes upper and lower case letters, numbers and symbols.",
                ),
                summary="Forgot login password",
            ),
            Case(
                asks=(
                    'I tapped "Forgot password?" but the verification code never arrives.',
                    "I never got the password reset email, and it's not in spam either.",
                    "My registered email is {email} but the reset email never comes.",
                    "Is the code sent to {phone}? I'm not getting any SMS.",
                ),
                answers=(
                    "If the code doesn't arrive, please check SMS filters and your spam folder, and confirm your number is still {phone_masked}.",
                    "To keep your account safe I first need to verify you: please give me the last four digits of your registered phone number and the amount of your latest transaction.",
                    "I can see the code was sent successfully; please give it a minute or two and check again.",
                ),
                summary="No verification code for password reset",
            ),
            Case(
                asks=(
                    "The reset link says it has expired. Do I need to request a new one?",
                    "The app keeps saying my new password is too weak. What are the rules?",
                    "I reset my password but still can't log in, it says the username or password is wrong.",
                ),
                answers=(
                    "Reset links are valid for 30 minutes, so please request a new one if it has expired. A strong password mixes upper and lower case letters, numbers and symbols.",
                    "New passwords need 8-20 characters with both letters and numbers, and can't repeat any of your last three.",
                    "Please make sure you log in with your registered phone number or email and check the caps; if it still fails, reset it once more.",
                ),
                summary="Reset link expired or new password rejected",
            ),
            Case(
                asks=(
                    "I changed my phone number and the old one can't receive codes anymore. How do I reset my password?",
                    "My old number is disconnected. How do I get back into my account?",
                ),
                answers=(
                    "If your old number is no longer in use, we'll need a photo ID for a manual review; once approved we'll update the phone number on your account.",
                    "To keep your account safe I first need to verify you: please give me the last four digits of your registered phone number and the amount of your latest transaction.",
                ),
                summary="Old phone number disconnected, cannot get codes",
            ),
            Case(
                asks=(
                    "I entered the wrong password a few times and now my account is locked. How long do I have to wait?",
                    "Locked out after too many password attempts, can you unlock me?",
                ),
                answers=(
                    'After 5 wrong passwords the account locks for 30 minutes; you can try again then, or reset it straight away with "Forgot password?".',
                    "I've lifted the lock; I'd suggest setting a new password with \"Forgot password?\".",
                ),
                summary="Account locked after wrong passwords",
            ),
            Case(
                asks=(
                    "Where in the app can I change my login password?",
                    "How do I change my password?",
                ),
                answers=(
                    "Go to Me > Security Centre > Login password; you'll confirm with your current password or an SMS code.",
                    "We recommend changing it every few months and avoiding anything easy to guess, like birthdays or phone numbers.",
                ),
                summary="Asked how to change login password",
            ),
        ),
        _INSUFFICIENT: (
            Case(
                asks=(
                    "My transfer of {amount} to {counterparty} on {date} failed with 'insufficient balance', but I definitely have money in the account.",
                    "Payment of {amount} failed, it says insufficient balance. Reference {reference}. I just topped up!",
                    "Why does it say insufficient balance when I have enough? Transaction {reference}.",
                    "I just topped up but paying {amount} still says insufficient balance. Has the top-up not arrived?",
                    "Transaction {reference} failed with 'insufficient balance'. Is part of my balance on hold?",
                    "Tried to pay {counterparty} {amount} on {date}, declined for insufficient funds. My balance looks fine to me.",
                ),
                answers=(
                    "I can see transaction {reference} failed for insufficient balance: your available balance was below {amount} at the time. Once your top-up lands you can try again.",
                    "The available balance was too low when the payment went through; amounts on hold don't count towards it. You can check your available balance under Balance in the app.",
                    "Top-ups usually arrive within minutes; payments made before then will show insufficient balance, so please try again shortly.",
                ),
                summary="{reference} failed (insufficient balance), {amount}",
            ),
        ),
        _WRONG_PASSWORD: (
            Case(
                asks=(
                    "The payment says my payment password is wrong but I'm sure I typed it correctly. Reference {reference}.",
                    "I tried to send {amount} to {counterparty} on {date} and it keeps saying wrong payment password. I'm afraid to try again in case it locks.",
                    "Is the payment password the same as the login password? Paying {amount} says the password is wrong.",
                    "I forgot my payment password, so transaction {reference} failed. How do I reset it?",
                    "After three wrong payment passwords my transaction failed. Can I still pay?",
                    "Paying {counterparty} {amount} shows 'incorrect payment password'. It's the one I always use.",
                ),
                answers=(
                    "Transaction {reference} failed because the payment password was entered incorrectly. Your payment password is the 6-digit PIN, separate from your login password.",
                    "Five wrong payment passwords lock payments for 24 hours. You can reset it under Me > Security Centre > Payment password.",
                    "Please reset it via 'Forgot payment password' first, then try the {amount} payment again.",
                ),
                summary="{reference} failed on wrong payment password",
            ),
        ),
        _NETWORK: (
            Case(
                asks=(
                    "My connection dropped while paying {amount} and it says failed. Was I charged anyway? Ref {reference}.",
                    "Transaction {reference} failed with a network error. I switched Wi-Fi and got the same thing.",
                    "Sending money to {counterparty} just spun forever and then said network error. Did the money go or not?",
                    "Paid {amount} on mobile data, got 'connection failed', and my balance looks lower.",
                    "Payment failed on the train, something about the network. Should I pay again? Will I be charged twice?",
                    "On {date} I paid {counterparty} {amount}, got a timeout, and they say they never received it.",
                ),
                answers=(
                    "Transaction {reference} didn't complete because of a network error, and you were not charged.",
                    "If the network drops, the transaction is cancelled automatically; any amount taken is refunded to the original method within 1-3 business days.",
                    "Please try again on a stable connection, and avoid paying where the signal is weak.",
                ),
                summary="{reference} failed on network error; worried about double charge",
            ),
        ),
        _LIMIT: (
            Case(
                asks=(
                    "My transfer of {amount} to {counterparty} was blocked for a 'security limit'. Why?",
                    "Transaction {reference} failed, says it exceeds the single-transaction limit. What's the limit and can you raise it?",
                    "A payment got blocked by your risk checks today, 'security limit'. It was me!",
                    "Sending {amount} to a new payee was rejected, it says I need more verification to send that much?",
                    "Transaction {reference} was flagged as risky and blocked. How do I get it released?",
                    "Keeps failing when I send {amount} to {counterparty} on {date}: 'exceeds security limit'.",
                ),
                answers=(
                    "Transaction {reference} hit a security limit: transfers above the single limit to a new payee are blocked automatically.",
                    "Your verification level is L{kyc}, which has a lower limit; completing a higher KYC level raises it.",
                    "To keep your money safe, blocked transactions need you to confirm them; I've sent this one for manual review.",
                ),
                summary="Transfer of {amount} blocked by security limit ({reference})",
            ),
        ),
        _OTHER: (
            Case(
                asks=(
                    "Transaction {reference} failed with no reason given, just 'transaction not completed'.",
                    "A payment of {amount} failed with an error code I don't understand, can you check?",
                    "My payment to {counterparty} failed and the merchant says they got nothing. Reference {reference}.",
                    "A {amount} transaction on {date} shows as failed but my bank card was charged.",
                    "Why do my transactions keep failing? I've tried several times. Ref {reference}.",
                ),
                answers=(
                    "I can see transaction {reference} failed at the receiving institution; the money will be returned within 1-3 business days.",
                    "This one needs a closer look from our back office. I've raised a ticket and we'll get back to you within 24 hours.",
                    "Please try again later, and if it fails again let me know the exact error message.",
                ),
                summary="{reference} failed for unknown reason, {amount}",
            ),
        ),
        SECURITY: (
            Case(
                asks=(
                    "I just got a login verification code by SMS but I wasn't logging in. Is someone trying to get into my account?",
                    "There's an unknown device in my login history, from {city}. I've never been there.",
                    "I think my account was hacked, my balance is down by {amount}.",
                    "There's a transaction of {amount} I don't recognise. It wasn't me!",
                ),
                answers=(
                    "Please change your login password now and turn on two-step verification under Me > Security Centre: you'll then need an SMS code every time you log in.",
                    "I can see your last login was {last_login}; we'll review the login history.",
                    "The suspicious activity is with our risk team; please don't share any codes with anyone meanwhile.",
                    "Do check your transaction history regularly and tell us straight away if anything looks wrong.",
                ),
                summary="Unexpected login code, fears account takeover",
            ),
            Case(
                asks=(
                    "How do I turn on two-step verification? I want to make my account safer.",
                    "Where do I set up two-step verification?",
                ),
                answers=(
                    "Turn it on under Me > Security Centre and link your phone number; from then on every login needs an SMS code, which makes your account much safer.",
                    "If you change phones later, switch it off on the old one first or contact us to verify you.",
                ),
                summary="Asked how to enable two-step verification",
                only_if=TWO_STEP_OFF,
            ),
            Case(
                asks=(
                    "I lost my phone with tpWallet on it. How do I freeze my account right now?",
                    "My phone was stolen and there's money in my wallet. Can you lock my account?",
                ),
                answers=(
                    "I've temporarily frozen your account so no money can leave it; we can unfreeze it once we've verified your identity.",
                    "Once you have a new SIM, log in on the new phone and complete verification, and we'll lift the freeze.",
                ),
                summary="Lost phone, asked to freeze account",
            ),
            Case(
                asks=(
                    "I got an email saying my account has a problem and asking me to click a link to verify. Is that from you?",
                    "Someone called pretending to be tpWallet support and asked for my verification code. I nearly gave it.",
                ),
                answers=(
                    "tpWallet will never ask for your code or password by phone or email, so please don't click links in unexpected messages.",
                    "If you did share a code, change your login password right away and tell us, and we'll check your account.",
                ),
                summary="Phishing email or fake support call",
            ),
            Case(
                asks=(
                    "I logged into my wallet on public Wi-Fi at a cafe. Is that a risk?",
                    "How often should I change my password? I haven't changed it in ages.",
                ),
                answers=(
                    "Please avoid logging in or paying on public Wi-Fi; use a VPN if you have to.",
                    "We recommend changing your password every few months and avoiding anything easy to guess, like birthdays or phone numbers.",
                ),
                summary="Asked about public Wi-Fi and password hygiene",
            ),
            Case(
                asks=(
                    "My account has been frozen for a 'security risk'. How do I unfreeze it?",
                    "Why was my account suddenly frozen?",
                ),
                answers=(
                    "Your account was frozen by our risk rules; please submit a photo of your ID in the app and it's usually unfrozen within one business day.",
                    "While it's frozen you can still receive money, but nothing can be sent out.",
                ),
                summary="Account frozen, asked how to unfreeze",
                only_if=FROZEN,
            ),
        ),
        COMPLAINT: (
            Case(
                asks=(
                    "I called your hotline three times yesterday and nobody answered. Very disappointing.",
                    "I emailed three days ago and got no reply. Didn't you say 24 hours?",
                ),
                answers=(
                    "Apologies for the long wait. I'll personally follow this through.",
                    "I'm really sorry about your experience. I've logged your feedback and escalated it to my supervisor.",
                ),
                summary="Complained hotline or email went unanswered",
            ),
            Case(
                asks=(
                    "I reported a failed transaction days ago and it's still not sorted. I want to make a complaint.",
                    "The last agent was rude and closed the chat without fixing anything.",
                ),
                answers=(
                    "I'm really sorry about your experience. I've logged your feedback and escalated it to my supervisor.",
                    "I've passed your complaint to our complaints team, and you'll hear back within 2 business days.",
                ),
                summary="Complained issue still unresolved",
            ),
            Case(
                asks=(
                    "My account was frozen for no reason and it's hurting my business. I need an explanation.",
                    "Why was my account frozen without any notice?",
                ),
                answers=(
                    "I understand how frustrating this is. The freeze came from our risk system; I've asked for an urgent review and you'll hear within one business day.",
                    "You can still receive money while it's frozen, and transfers resume as soon as it's lifted.",
                ),
                summary="Complained about frozen account",
                only_if=FROZEN,
            ),
            Case(
                asks=("Why did the withdrawal fee suddenly go up? There was no notice.",),
                answers=(
                    "About the fee change: we'll check whether a notice was missed and give you a clear answer.",
                ),
                summary="Complained about withdrawal fee increase",
            ),
            Case(
                asks=(
                    "I was told the refund would take 3-5 business days. It's been two weeks.",
                    "My refund of {amount} still hasn't arrived. When will you deal with it?",
                ),
                answers=(
                    "Sorry for the trouble, I'm escalating this for you right now.",
                    "We've sent the refund; it may still be with your bank. I've raised a trace and will update you within 2 business days.",
                ),
                summary="Refund still not received",
            ),
            Case(
                asks=(
                    "After the update I can't find half the features. This is really frustrating.",
                ),
                answers=(
                    "Sorry the new version has made things harder; I've passed your comments to the product team.",
                ),
                summary="Complained about the new app version",
            ),
        ),
        FEEDBACK: (
            Case(
                asks=(
                    "The app crashes as soon as I open it. {device}, version {app_version}.",
                    "Since updating to {app_version}, scan-to-pay freezes.",
                    "The camera won't open when I try to scan a QR code, just a black screen.",
                    "On {os} the keyboard covers the button on the transfer screen.",
                ),
                answers=(
                    "Thanks for the feedback! Could you tell me your phone model, OS version and app version so our developers can look into it?",
                    "Please try clearing the cache or updating to the latest version; if it still happens we'll pass it to the tech team.",
                    "Our developers are already on this and expect to fix it in the next release.",
                ),
                summary="Reported app crash or freeze ({device})",
            ),
            Case(
                asks=(
                    "The statement page is really slow to load, it spins forever.",
                    "Some text is unreadable in dark mode.",
                    "After switching language some screens are still in Chinese.",
                    "My balance doesn't match my transaction history until I refresh.",
                ),
                answers=(
                    "Thanks, I've sent this to our developers along with your device, {device}.",
                    "Our developers are already on this and expect to fix it in the next release.",
                ),
                summary="Reported a display problem",
            ),
            Case(
                asks=(
                    "I stopped getting transaction notifications even though they're switched on.",
                    "Fingerprint login works only half the time.",
                ),
                answers=(
                    "Please check that tpWallet has notification and biometrics permission in your phone settings, then log in again.",
                    "Try switching fingerprint login off and on again in the app and re-enrolling your fingerprint.",
                ),
                summary="Reported notification or fingerprint issue",
            ),
            Case(
                asks=(
                    "Suggestion: let us export monthly statements.",
                    "It would be nice to add notes to saved payees.",
                ),
                answers=(
                    "Thanks, I've recorded your suggestion; we review customer feedback regularly to improve the app.",
                ),
                summary="Feature suggestion",
            ),
        ),
        CONTACT: (
            Case(
                asks=(
                    "What's your hotline number and what hours is it staffed?",
                    "Can I call support at the weekend?",
                    "Is support open over the holidays?",
                    "Is there anyone to talk to after 9pm?",
                ),
                answers=(
                    "Our hotline is staffed Monday to Friday, 08:00-20:00; hours may change around public holidays, so please check the website.",
                    "Outside those hours you can leave a message in live chat or email us and we'll reply as soon as we can.",
                ),
                summary="Asked for support hours",
            ),
            Case(
                asks=(
                    "I'm in Hong Kong. Is there a local support number?",
                    "Is the number on your website current? I got 'number not in service'.",
                ),
                answers=(
                    "In Hong Kong please call {hotline_hk}; in mainland China, {hotline_cn}.",
                    "Our numbers do change occasionally, so the website always has the current one.",
                ),
                summary="Asked for a local hotline",
            ),
            Case(
                asks=(
                    "How long does it usually take to get a reply by email?",
                    "Can I email you screenshots?",
                ),
                answers=(
                    "Email support replies within 24 hours, which works well if you need to send details or documents.",
                ),
                summary="Asked about email reply times",
            ),
            Case(
                asks=(
                    "Where do I find live chat in the app?",
                    "Do you have official social media accounts I can message?",
                ),
                answers=(
                    "Live chat is under Me > Help & Support in the app, and at the bottom right of our website.",
                    "We're on Weibo, WeChat, Facebook and X as well, and you can message us there.",
                ),
                summary="Asked where to find live chat and social accounts",
            ),
            Case(
                asks=("What should I have ready before I call?",),
                answers=(
                    "Before calling, please have your account details and the relevant transactions ready so we can verify you quickly.",
                ),
                summary="Asked what to prepare before calling",
            ),
        ),
    },
    details={
        PASSWORD: (
            "I've tried {tries} times already.",
            "I haven't been able to log in since {date}.",
            "Phone is a {device}, app version {app_version}.",
            "It's urgent, I have {balance} in there.",
            "I've checked my SMS filters too.",
            "My internet is fine, other apps work.",
            "I always used fingerprint login so I forgot the password.",
            "I think the last time I changed it was last year.",
            "Account ending {last4}.",
        ),
        FAILED: (
            "It was around {clock} on {date}.",
            "The payee was {counterparty}.",
            "I can send you a screenshot.",
            "I really need this money, please hurry.",
            "The same thing has always worked before.",
            "I'm on a {device}.",
            "Account ending {last4}.",
            "I've retried {tries} times.",
            "The reference is {reference}.",
        ),
        SECURITY: (
            "I've already changed my login password.",
            "I haven't shared any codes with anyone.",
            "My last login was {last_login}.",
            "I'm really worried, I still have {balance} in there.",
            "Account ending {last4}.",
            "Can you check my recent logins?",
            "My number is still {phone}.",
        ),
        COMPLAINT: (
            "I've been a customer for {years} years.",
            "Please take this seriously or I'll escalate it to the regulator.",
            "I want a clear timeline.",
            "I can't find my previous ticket number.",
            "The amount involved is {amount}.",
            "I've been very patient.",
        ),
        FEEDBACK: (
            "It happens every time.",
            "I've already reinstalled, same thing.",
            "I'm on {os}.",
            "Tried both Wi-Fi and 5G.",
            "Hope the next version fixes it.",
            "My phone is a {device}.",
        ),
        CONTACT: (
            "I have a question about my account.",
            "I can't really call during working hours.",
            "I'd rather use email.",
            "My parents aren't great with apps.",
        ),
    },
    follow_ups={
        PASSWORD: (
            "Got the code but it says it's expired when I enter it.",
            "New password is set but login still says it's wrong.",
            "Found the email in spam, thanks.",
            "My phone number has changed though, what now?",
            "The reset link opens a blank page.",
            "OK, requesting a new one now.",
        ),
        FAILED: (
            "My balance shows {balance}, that should be enough.",
            "The money was taken but the payee says they didn't get it.",
            "I paid again and it worked, will the first one be refunded?",
            "So when will it come back?",
            "Where can I see my limits?",
            "Reference is {reference}, amount {amount}.",
        ),
        SECURITY: (
            "I've changed my password, what else should I do?",
            "Two-step verification is on now, thanks.",
            "Can that transaction be reversed?",
            "Can I still receive money while it's frozen?",
            "What documents do you need to unfreeze it?",
        ),
        COMPLAINT: (
            "I just want a timeline.",
            "I hope it actually gets fixed this time.",
            "Fine, I'll wait for your answer.",
            "That's what I was told last time.",
        ),
        FEEDBACK: (
            "I'm on a {device} with {os}.",
            "Clearing the cache helped a bit.",
            "When will it be fixed?",
            "Version is {app_version}.",
        ),
        CONTACT: (
            "OK, I'll call on a weekday.",
            "I'll send an email then.",
            "Could you send me the hotline number again?",
        ),
    },
    generic_follow_ups=(
        "OK, let me try.",
        "One sec, checking.",
        "Still not working.",
        "Did what you said, same result.",
        "How long will that take?",
        "Fine, I'll wait to hear from you.",
        "Got it.",
        "Sent you a screenshot.",
        "My account ends in {last4}.",
        "My number is {phone}.",
        "Yes, it's me.",
        "Is there another way?",
        "I already tried that.",
        "ok",
        "Sure.",
    ),
    thanks=(
        "That fixed it, thanks!",
        "All good now, thank you for your patience.",
        "Great, thanks a lot.",
        "Sorted, cheers.",
        "OK, thanks.",
        "Perfect, thank you.",
        "Understood, thanks for your help.",
    ),
    nudges=("Hello?", "Any update?", "Is anyone there?", "Still waiting...", "?", "Please reply."),
    subjects={
        PASSWORD: (
            "Can't reset my password",
            "Verification code not arriving",
            "Locked out of my account",
            "Password reset",
        ),
        _INSUFFICIENT: (
            "Transaction {reference} failed - insufficient balance",
            "Payment declined for insufficient funds",
            "Failed payment but balance is enough",
        ),
        _WRONG_PASSWORD: (
            "Wrong payment password error",
            "Transaction {reference} failed",
            "How to reset payment password",
        ),
        _NETWORK: (
            "Network error - was I charged?",
            "Transaction {reference} failed",
            "Failed payment, possibly charged",
        ),
        _LIMIT: (
            "Transfer blocked by security limit",
            "Transaction {reference} blocked",
            "Raising my transfer limit",
        ),
        _OTHER: (
            "Transaction {reference} failed, no reason",
            "Failed payment - please check",
            "Transaction failed but card charged",
        ),
        SECURITY: (
            "Suspicious login on my account",
            "Account hacked?",
            "Two-step verification",
            "Account frozen",
        ),
        COMPLAINT: (
            "Complaint: issue still unresolved",
            "Unhappy with your service",
            "Complaint: account frozen",
            "Refund not received",
        ),
        FEEDBACK: ("App keeps crashing", "Feature suggestion", "Problem with the app"),
        CONTACT: ("Support contact details", "Support hours", "Question"),
    },
    feedback_prefixes=("[Bug] ", "[Suggestion] ", "", "", "[Feedback] "),
    greetings=(
        "Hi {name}, this is {agent} from tpWallet support.",
        "Hello, {agent} here, happy to help.",
        "Hi {name}, thanks for contacting tpWallet.",
        "Hello, you're chatting with {agent} from tpWallet.",
        "Hi, thanks for your message.",
        "Hello, sorry for the wait.",
    ),
    email_greetings=("Dear {name},", "Hi {name},", "Hello,"),
    agent_follow_ups={
        PASSWORD: (
            "Codes are valid for 5 minutes, so please enter it as soon as it arrives.",
            "I've unlocked your login, please try the reset again.",
            "I can see the code was sent successfully, could you check your messages again?",
        ),
        FAILED: (
            "That {amount} transaction shows as failed and nothing was taken from your balance.",
            "Any amount taken will be refunded to the original method within 1-3 business days.",
            "You can see the full status of {reference} under Statements.",
        ),
        SECURITY: (
            "I've checked your recent logins and there are none except from your own device.",
            "I'd suggest changing your payment password as well.",
            "The suspicious transaction is with our risk team; you'll get an SMS with the outcome.",
        ),
        COMPLAINT: (
            "Your complaint reference is CP{ticket}; you'll have our answer within 2 business days.",
            "I've escalated this to my supervisor and someone will contact you today.",
        ),
        FEEDBACK: (
            "I've passed this to our developers as BUG-{ticket}.",
            "Please update to the latest version and try again.",
        ),
        CONTACT: (
            "Mainland hotline {hotline_cn}, Hong Kong hotline {hotline_hk}.",
            "Our email is support@tpwallet.example and we reply within 24 hours.",
        ),
    },
    generic_agent_follow_ups=(
        "Sure, let me look into that for you.",
        "Thanks, let me double-check.",
        "Could you send me a screenshot?",
        "Can you still log in at the moment?",
        "Understood, I've noted that.",
        "Could you try the same steps once more?",
        "I've marked this as urgent.",
        "Could you confirm the phone number you registered with?",
        "Thanks for bearing with me.",
    ),
    agent_closers=(
        "Is there anything else I can help with? Have a great day!",
        "All sorted. Get in touch any time if you have questions.",
        "Thanks for your patience. You'll get a short survey, we'd love your rating.",
        "I'll close this chat now. Take care!",
        "You're welcome, we're here if you need us.",
    ),
    agent_waiting=(
        "Let us know once you've done that and we'll carry on.",
        "We'll wait for your reply and pick it up from there.",
        "Please confirm and tell me how it goes.",
    ),
    agent_email_signoffs=(
        "{agent}\ntpWallet Support",
        "Best regards,\n{agent}\ntpWallet Customer Care",
    ),
    notes={
        PASSWORD: (
            "Customer verified (last 4 of phone + latest transaction).",
            "Resent verification code to {phone_masked} manually.",
            "Password unchanged for {password_age} days, reminded customer to rotate it.",
        ),
        FAILED: (
            "Checked {reference}: failed, reason {failure}. Explained to customer.",
            "{reference} for {amount}: no debit in the back office.",
            "Raised ticket with the payments team.",
        ),
        SECURITY: (
            "Sent to Risk for review; account is {account_state}.",
            "Two-step verification is {two_step}; advised customer to enable it.",
            "Last login {last_login}, device needs checking.",
        ),
        COMPLAINT: (
            "Customer upset, escalated to lead.",
            "Complaint ticket CP{ticket} created.",
            "Customer for {years} years, please prioritise.",
        ),
        FEEDBACK: (
            "Raised BUG-{ticket} with the app team.",
            "Device {device}, OS {os}, app {app_version}.",
        ),
        CONTACT: ("Gave customer our hours and hotline numbers.",),
    },
    generic_notes=(
        "Identity confirmed.",
        "Needs follow-up.",
        "Flagged to lead.",
        "KYC level L{kyc}.",
    ),
    call_actions={
        PASSWORD: (
            'Walked customer through "Forgot password?"; code received',
            "Unlocked login and resent code",
        ),
        FAILED: (
            "Explained the failure; no debit taken",
            "Raised with payments, call back within 24h",
            "Guided customer to retry the payment",
        ),
        SECURITY: (
            "Froze account temporarily, passed to Risk",
            "Guided 2FA setup and password change",
            "Reminded never to share codes",
        ),
        COMPLAINT: (
            "Apologised and escalated to lead",
            "Opened complaint ticket, answer within 2 business days",
        ),
        FEEDBACK: ("Logged and passed to tech team", "Advised update and cache clear"),
        CONTACT: ("Gave hours Mon-Fri 08:00-20:00", "Gave local hotline and email"),
    },
    call_outcomes={
        CallOutcome.MISSED: (
            "Missed call: caller hung up after {wait}s in queue, call back.",
            "Missed call, added to callback queue.",
        ),
        CallOutcome.VOICEMAIL: ("Voicemail from customer: {summary}. Call back.",),
        CallOutcome.ABANDONED: ("Caller hung up in the IVR after {wait}s.",),
        CallOutcome.CALLBACK: ("Customer chose a callback while queueing: {summary}.",),
    },
    failure_labels={
        FailureCode.INSUFFICIENT_BALANCE: "insufficient balance",
        FailureCode.WRONG_PAYMENT_PASSWORD: "wrong payment password",
        FailureCode.NETWORK_ERROR: "network error",
        FailureCode.SECURITY_LIMIT: "security limit",
        FailureCode.OTHER: "other",
    },
    quote_header="On {when}, {sender} wrote:",
    reply_prefix="Re: ",
)
