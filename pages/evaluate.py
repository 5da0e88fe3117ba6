from components import evaluate_view, mistakes_view, model_sidebar, shell

KEY = "eval"

shell.page_frame("Evaluate", "A whole dataset through a sequence-classification head: accuracy, per-class "
                             "metrics, the confusion matrix, the hardest examples and calibration.")
loaded = model_sidebar.model_for("sequence_classification")
data = evaluate_view.choose_data(KEY) if loaded is not None else None
if data is not None:
    chosen = evaluate_view.map_labels(data, loaded, KEY)
    result = evaluate_view.evaluation_for(loaded, data, chosen, KEY)
    if result is not None:
        evaluate_view.show_metrics(result)
        evaluate_view.show_confusion(result, loaded.checkpoint, KEY)
        evaluate_view.show_losses(result, loaded.checkpoint, KEY)
        evaluate_view.show_calibration(result, KEY)
        evaluate_view.show_geometry(result, KEY)
        mistakes_view.for_dataset(result.logits, result.gold, result.label_names, KEY)
