// The host page's own code: it only tells csatkit that the chat closed.
document.getElementById('close-chat').addEventListener('click', () => window.csatkit.track('chat_closed'));
