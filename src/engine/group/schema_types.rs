//! Kafka's classic (non-flexible) protocol types, for the consumer protocol's embedded bytes.
//!
//! `org.apache.kafka.common.protocol.types.Type` and the generated readers' rules: big-endian
//! `INT16`/`INT32`; `STRING` is an `INT16` length then UTF-8 (`NULLABLE_STRING` uses -1 for
//! null); `BYTES` an `INT32` length (`NULLABLE_BYTES` -1 for null); `ARRAY` an `INT32` count.
//! Reading past the end is Kafka's `BufferUnderflowException`; a negative length where null
//! is not allowed is its `SchemaException`. Bytes after the last field are ignored, as
//! Kafka's readers do.

/// Why bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// `BufferUnderflowException`.
    #[error("Buffer underflow while parsing {0}")]
    BufferUnderflow(&'static str),
    /// `SchemaException` / the generated readers' `RuntimeException`s.
    #[error("{0}")]
    Schema(String),
}

/// A cursor over classic protocol bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
    /// What is being parsed, for underflow messages ("consumer protocol's subscription").
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Reader {
            bytes,
            position: 0,
            what,
        }
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.position
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], SchemaError> {
        if self.remaining() < n {
            return Err(SchemaError::BufferUnderflow(self.what));
        }
        let slice = &self.bytes[self.position..self.position + n];
        self.position += n;
        Ok(slice)
    }

    pub fn read_i16(&mut self) -> Result<i16, SchemaError> {
        let b = self.take(2)?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    }

    pub fn read_i32(&mut self) -> Result<i32, SchemaError> {
        let b = self.take(4)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// `NULLABLE_STRING`.
    pub fn read_nullable_string(&mut self, field: &str) -> Result<Option<String>, SchemaError> {
        let length = self.read_i16()?;
        if length < 0 {
            return Ok(None);
        }
        let bytes = self.take(length as usize)?;
        String::from_utf8(bytes.to_vec()).map(Some).map_err(|_| {
            SchemaError::Schema(format!("Error reading field '{field}': invalid UTF-8"))
        })
    }

    /// `STRING`.
    pub fn read_string(&mut self, field: &str) -> Result<String, SchemaError> {
        self.read_nullable_string(field)?.ok_or_else(|| {
            SchemaError::Schema(format!("non-nullable field {field} was serialized as null"))
        })
    }

    /// `NULLABLE_BYTES`.
    pub fn read_nullable_bytes(&mut self) -> Result<Option<Vec<u8>>, SchemaError> {
        let length = self.read_i32()?;
        if length < 0 {
            return Ok(None);
        }
        Ok(Some(self.take(length as usize)?.to_vec()))
    }

    /// An `ARRAY` count; null is not allowed.
    pub fn read_array_len(&mut self, field: &str) -> Result<usize, SchemaError> {
        let count = self.read_i32()?;
        if count < 0 {
            return Err(SchemaError::Schema(format!(
                "non-nullable field {field} was serialized as null"
            )));
        }
        // Every element takes at least one byte: a larger count cannot be satisfied.
        if count as usize > self.remaining() {
            return Err(SchemaError::BufferUnderflow(self.what));
        }
        Ok(count as usize)
    }
}

/// Appends classic protocol types.
#[derive(Debug, Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn write_i16(&mut self, v: i16) {
        self.bytes.extend_from_slice(&v.to_be_bytes());
    }

    pub fn write_i32(&mut self, v: i32) {
        self.bytes.extend_from_slice(&v.to_be_bytes());
    }

    /// `STRING` / `NULLABLE_STRING`. Kafka refuses strings over `Short.MAX_VALUE` bytes; the
    /// engine's strings (topic names, rack ids) are far shorter, and a longer one is cut at
    /// that length rather than written with a wrong prefix.
    pub fn write_nullable_string(&mut self, s: Option<&str>) {
        match s {
            None => self.write_i16(-1),
            Some(s) => {
                let bytes = &s.as_bytes()[..s.len().min(i16::MAX as usize)];
                self.write_i16(bytes.len() as i16);
                self.bytes.extend_from_slice(bytes);
            }
        }
    }

    pub fn write_string(&mut self, s: &str) {
        self.write_nullable_string(Some(s));
    }

    /// `NULLABLE_BYTES`.
    pub fn write_nullable_bytes(&mut self, b: Option<&[u8]>) {
        match b {
            None => self.write_i32(-1),
            Some(b) => {
                self.write_i32(b.len() as i32);
                self.bytes.extend_from_slice(b);
            }
        }
    }

    pub fn write_array_len(&mut self, n: usize) {
        self.write_i32(n as i32);
    }
}
