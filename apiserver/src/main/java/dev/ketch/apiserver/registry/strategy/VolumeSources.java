package dev.ketch.apiserver.registry.strategy;

import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;

/** The source fields of a pod volume, of which exactly one must be set. */
final class VolumeSources {

  private VolumeSources() {}

  /** The JSON names of the sources set on the volume, in API order. */
  static List<String> set(Volume v) {
    List<String> s = new ArrayList<>();
    add(s, "hostPath", v.getHostPath());
    add(s, "emptyDir", v.getEmptyDir());
    add(s, "gcePersistentDisk", v.getGcePersistentDisk());
    add(s, "awsElasticBlockStore", v.getAwsElasticBlockStore());
    add(s, "gitRepo", v.getGitRepo());
    add(s, "secret", v.getSecret());
    add(s, "nfs", v.getNfs());
    add(s, "iscsi", v.getIscsi());
    add(s, "glusterfs", v.getGlusterfs());
    add(s, "persistentVolumeClaim", v.getPersistentVolumeClaim());
    add(s, "rbd", v.getRbd());
    add(s, "flexVolume", v.getFlexVolume());
    add(s, "cinder", v.getCinder());
    add(s, "cephfs", v.getCephfs());
    add(s, "flocker", v.getFlocker());
    add(s, "downwardAPI", v.getDownwardAPI());
    add(s, "fc", v.getFc());
    add(s, "azureFile", v.getAzureFile());
    add(s, "configMap", v.getConfigMap());
    add(s, "vsphereVolume", v.getVsphereVolume());
    add(s, "quobyte", v.getQuobyte());
    add(s, "azureDisk", v.getAzureDisk());
    add(s, "photonPersistentDisk", v.getPhotonPersistentDisk());
    add(s, "projected", v.getProjected());
    add(s, "portworxVolume", v.getPortworxVolume());
    add(s, "scaleIO", v.getScaleIO());
    add(s, "storageos", v.getStorageos());
    add(s, "csi", v.getCsi());
    add(s, "ephemeral", v.getEphemeral());
    add(s, "image", v.getImage());
    return s;
  }

  static int count(Volume v) {
    return set(v).size();
  }

  private static void add(List<String> s, String name, Object value) {
    if (value != null) {
      s.add(name);
    }
  }
}
