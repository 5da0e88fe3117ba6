"""The app's services: running the model once per request, the sidebar and its model cache, the page frame and
navigation, class modes, share links, trained checkpoints, plain-text messages, input forms and downloads."""
