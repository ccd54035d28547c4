//! The emulator's webhook key pair: RSA 2048, signing each body with RSA-SHA256 (PKCS#1 v1.5)
//! into base64, the scheme receivers verify with the public key (`GET /__admin/webhooks/public-key`,
//! SPKI PEM).
//!
//! The pair belongs to the database (`core_keys`, name `webhooks`), so a receiver configured
//! with the public key keeps working across restarts of a server on the same `--db`; reset and
//! snapshots leave it alone. A database without one takes this process's pair, generated on first
//! use and at most once per process: key generation is slow, and the tests start many servers,
//! each on a database of its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::Sha256;

use super::store;
use crate::core::db::Db;
use crate::core::error::CoreError;

/// The name of the webhook pair in `core_keys`.
const NAME: &str = "webhooks";

/// Size of a generated key, in bits.
const BITS: usize = 2048;

/// A key pair ready to sign.
pub struct KeyPair {
    signer: SigningKey<Sha256>,
    private_pem: String,
    public_pem: String,
}

impl KeyPair {
    fn from_private(key: RsaPrivateKey) -> Result<KeyPair, CoreError> {
        let bad = |e: &dyn std::fmt::Display| CoreError::Startup(format!("the webhook key pair: {e}"));
        let private_pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|e| bad(&e))?.to_string();
        let public_pem = RsaPublicKey::from(&key).to_public_key_pem(LineEnding::LF).map_err(|e| bad(&e))?;
        Ok(KeyPair { signer: SigningKey::<Sha256>::new(key), private_pem, public_pem })
    }

    fn generate() -> Result<KeyPair, CoreError> {
        let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, BITS)
            .map_err(|e| CoreError::Startup(format!("generating the webhook key pair: {e}")))?;
        KeyPair::from_private(key)
    }

    fn from_pem(private_pem: &str) -> Result<KeyPair, CoreError> {
        let key = RsaPrivateKey::from_pkcs8_pem(private_pem)
            .map_err(|e| CoreError::Startup(format!("the webhook key pair kept in the database: {e}")))?;
        KeyPair::from_private(key)
    }

    /// The public key, as an SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// The base64 RSA-SHA256 signature of `body`.
    pub fn sign(&self, body: &[u8]) -> String {
        STANDARD.encode(self.signer.sign(body).to_bytes())
    }
}

/// Pairs already parsed, by private PEM (one per database this process opened, usually one).
fn parsed() -> &'static Mutex<HashMap<String, Arc<KeyPair>>> {
    static PARSED: OnceLock<Mutex<HashMap<String, Arc<KeyPair>>>> = OnceLock::new();
    PARSED.get_or_init(Default::default)
}

/// This process's pair, generated on first call (once: concurrent callers wait for it).
fn generated() -> Result<Arc<KeyPair>, CoreError> {
    static GENERATED: Mutex<Option<Arc<KeyPair>>> = Mutex::new(None);
    let mut slot = GENERATED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(pair) = slot.as_ref() {
        return Ok(pair.clone());
    }
    let pair = Arc::new(KeyPair::generate()?);
    *slot = Some(pair.clone());
    Ok(pair)
}

/// The database's pair, kept there first if it has none. Blocking: call it on the blocking pool.
pub fn key_pair(db: &Db, now: DateTime<Utc>) -> Result<Arc<KeyPair>, CoreError> {
    let mut kept = db.read_blocking(|tx| store::key(tx, NAME).map_err(CoreError::from))?;
    if kept.is_none() {
        let fresh = generated()?;
        db.write_blocking(|tx| store::keep_key(tx, NAME, &fresh.private_pem, now).map_err(CoreError::from))?;
        parsed().lock().unwrap_or_else(|e| e.into_inner()).insert(fresh.private_pem.clone(), fresh);
        kept = db.read_blocking(|tx| store::key(tx, NAME).map_err(CoreError::from))?;
    }
    let pem = kept.ok_or_else(|| CoreError::Startup("the webhook key pair was not kept".into()))?;
    if let Some(pair) = parsed().lock().unwrap_or_else(|e| e.into_inner()).get(&pem) {
        return Ok(pair.clone());
    }
    let pair = Arc::new(KeyPair::from_pem(&pem)?);
    parsed().lock().unwrap_or_else(|e| e.into_inner()).insert(pem, pair.clone());
    Ok(pair)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::pkcs8::DecodePublicKey;
    use rsa::signature::Verifier;

    #[test]
    fn a_signature_verifies_with_the_published_key_and_only_for_its_body() {
        let pair = generated().unwrap();
        let body = br#"{"type":"NoteCreate","id":"n1"}"#;
        let signature = STANDARD.decode(pair.sign(body)).unwrap();
        let public = RsaPublicKey::from_public_key_pem(pair.public_pem()).unwrap();
        let verifier = VerifyingKey::<Sha256>::new(public);
        let signature = Signature::try_from(signature.as_slice()).unwrap();
        assert!(verifier.verify(body, &signature).is_ok());
        assert!(verifier.verify(br#"{"type":"NoteCreate","id":"n2"}"#, &signature).is_err());
        assert!(pair.public_pem().starts_with("-----BEGIN PUBLIC KEY-----\n"));
    }

    #[test]
    fn a_kept_pair_reads_back_as_the_same_pair() {
        let pair = generated().unwrap();
        let again = KeyPair::from_pem(&pair.private_pem).unwrap();
        assert_eq!(again.public_pem(), pair.public_pem());
        assert_eq!(again.sign(b"x"), pair.sign(b"x"), "PKCS#1 v1.5 signatures are deterministic");
    }

    #[test]
    fn a_database_keeps_its_own_pair_and_one_without_takes_the_process_pair() {
        let now = crate::core::clock::parse_instant("2024-05-01T09:00:00Z").unwrap();
        let fresh = Db::open(None, &[crate::core::SCHEMA]).unwrap().db;
        assert_eq!(key_pair(&fresh, now).unwrap().public_pem(), generated().unwrap().public_pem());
        let kept = Db::open(None, &[crate::core::SCHEMA]).unwrap().db;
        let own = KeyPair::generate().unwrap();
        kept.write_blocking(|tx| store::keep_key(tx, NAME, &own.private_pem, now).map_err(CoreError::from)).unwrap();
        assert_eq!(key_pair(&kept, now).unwrap().public_pem(), own.public_pem());
        assert_eq!(key_pair(&kept, now).unwrap().public_pem(), own.public_pem(), "again, from the parsed pairs");
    }
}
