"""deploy/kubernetes/: valid against the Kubernetes schemas (offline), and its parts name each other."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

FOLDER = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes"
KUBERNETES = "1.33"


def manifests(names: tuple[str, ...] = ("deployment", "service", "ingress", "hpa")) -> dict[str, dict]:
    """The documents of these files (default: the app's), by kind."""
    found = {}
    for name in names:
        for document in yaml.safe_load_all((FOLDER / f"{name}.yaml").read_text()):
            found[document["kind"]] = document
    return found


def test_every_file_is_checked():
    assert {path.stem for path in FOLDER.glob("*.yaml")} == {"deployment", "service", "ingress", "hpa", "redis"}


@pytest.mark.parametrize("kind", ["Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"])
def test_each_manifest_is_valid_against_the_schema(kind):
    kubernetes_validate.validate(manifests()[kind], KUBERNETES, strict=True)


def test_the_schema_check_refuses_a_broken_manifest():
    broken = manifests()["Deployment"]
    broken["spec"]["replicas"] = "two"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)


def test_service_ingress_and_autoscaler_point_at_the_deployment():
    found = manifests()
    deployment, service = found["Deployment"], found["Service"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert service["spec"]["ports"][0]["targetPort"] in [p["name"] for p in container["ports"]]
    backend = found["Ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": service["metadata"]["name"], "port": {"name": service["spec"]["ports"][0]["name"]}}
    assert found["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]


def test_probes_ask_streamlit_s_health_endpoint_and_the_pod_runs_as_the_image_s_user():
    pod = manifests()["Deployment"]["spec"]["template"]["spec"]
    container = pod["containers"][0]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    assert container["ports"][0]["containerPort"] == 8501
    assert pod["securityContext"]["runAsUser"] == 1000  # the Dockerfile's user


def test_the_ingress_keeps_a_browser_on_its_pod_by_cookie():
    annotations = manifests()["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # websockets last a lecture


def test_the_pods_memory_limit_holds_one_workers_bound(monkeypatch):
    from deploy.serve import worker_memory

    container = manifests()["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    for variable in container["env"]:
        monkeypatch.setenv(variable["name"], variable["value"])
    limit = container["resources"]["limits"]["memory"]
    assert limit.endswith("Gi") and sum(worker_memory().values()) <= int(limit[:-2]) * 2**30


@pytest.mark.parametrize("kind", ["Deployment", "Service"])
def test_the_class_store_s_redis_is_valid_against_the_schema(kind):
    kubernetes_validate.validate(manifests(("redis",))[kind], KUBERNETES, strict=True)


def test_the_app_s_pods_share_the_redis_service_as_their_class_store():
    redis = manifests(("redis",))
    deployment, service = redis["Deployment"], redis["Service"]
    assert service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    env = {e["name"]: e["value"] for e in manifests()["Deployment"]["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["BERT_EXPLORER_CLASS_STORE"] == f"redis://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}/0"
